import type { EntityManager } from '@mikro-orm/postgresql';
import { authModule } from '../auth/auth.module';
import { devicesModule } from '../devices/devices.module';
import type { OutboxHandler } from '../events/outbox';
import { ingestModule } from '../ingest/ingest.module';
import { outboxModule } from '../outbox/outbox.module';
import { reportsModule } from '../reports/reports.module';
import { resolutionsModule } from '../resolutions/resolutions.module';
import { signaturesModule } from '../signatures/signatures.module';
import { vendorsModule } from '../vendors/vendors.module';
import type { DomainModule } from './module';
import type { Services } from './services';

/** Every domain of the server. A new domain is a folder with its module, and one line here. */
export const MODULES = [
  authModule,
  devicesModule,
  reportsModule,
  signaturesModule,
  vendorsModule,
  ingestModule,
  outboxModule,
  resolutionsModule,
] as const;

type LoadersOf<M> = M extends DomainModule<infer L> ? L : never;
type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** The per-request loaders of every module, by name. */
export type Loaders = Intersection<LoadersOf<(typeof MODULES)[number]>>;

export function createLoaders(em: EntityManager): Loaders {
  return Object.assign({}, ...MODULES.map((m: DomainModule) => m.loaders?.(em) ?? {})) as Loaders;
}

export const ENTITIES = MODULES.flatMap((m: DomainModule) => m.entities ?? []);
export const RESOLVERS = MODULES.flatMap((m: DomainModule) => m.resolvers ?? []);
/** Every topic name the domains declared (the bus holds a Redis channel for each). */
export const TOPIC_NAMES = MODULES.flatMap((m: DomainModule) => Object.values(m.topics ?? {}));

/** The outbox's handlers: every module's reactions, by event type, given the services. */
export function outboxHandlers(services: () => Services): Map<string, OutboxHandler> {
  const handlers = new Map<string, OutboxHandler>();
  for (const m of MODULES as readonly DomainModule[]) {
    for (const [type, reaction] of Object.entries(m.reactions ?? {})) {
      if (handlers.has(type)) throw new Error(`two modules react to ${type}: one reaction per event type (its handler may do several things)`);
      handlers.set(type, (event) => reaction(event, services()));
    }
  }
  return handlers;
}
