import type { EntityManager } from '@mikro-orm/postgresql';
import type { Router } from 'express';
import type { OutboxEvent, RetryPolicy } from '../events/outbox';
import type { Services } from './services';

/** A domain's reaction to an outbox event: at least once, so idempotent by `event.id`. */
export type Reaction = (event: OutboxEvent, services: Services) => Promise<void>;

/**
 * What a domain folder contributes, exported as one object from `<domain>.module.ts`: the
 * composition root (modules.ts) assembles the schema, the ORM's entities, the per-request loaders
 * and the bus's topics from the list of modules. A new domain is a folder and one line there.
 */
export interface DomainModule<L extends object = object> {
  name: string;
  /** MikroORM entities and embeddables. */
  entities?: readonly (abstract new (...args: never[]) => object)[];
  /** type-graphql resolver classes. */
  resolvers?: readonly (new (...args: never[]) => object)[];
  /** Per-request DataLoaders, by name (`ctx.loaders.<name>`). */
  loaders?: (em: EntityManager) => L;
  /** The domain's event topics (defineTopics in `<domain>.events.ts`). */
  topics?: Readonly<Record<string, string>>;
  /**
   * What the domain does when an outbox event of a type happens, by type (its own or another
   * domain's). Several domains may react to one type: their reactions run one after the other, and
   * if one fails the event is tried again with all of them (each is idempotent anyway).
   */
  reactions?: Readonly<Record<string, Reaction>>;
  /**
   * Plain HTTP endpoints, for clients that are not GraphQL clients (a build pipeline uploading a
   * file with curl), mounted under `/api`. Each authenticates its caller itself.
   */
  routes?: (services: Services) => Router;
  /** How the domain's own event types are retried, where the dispatcher's default does not fit. */
  retryPolicies?: Readonly<Record<string, Partial<RetryPolicy>>>;
}

/** Keeps a module's loader types for the composition root. */
export const defineModule = <L extends object = object>(module: DomainModule<L>): DomainModule<L> => module;
