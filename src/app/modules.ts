import type { EntityManager } from '@mikro-orm/postgresql';
import { alertsModule } from '../alerts/alerts.module';
import { authModule } from '../auth/auth.module';
import { devicesModule } from '../devices/devices.module';
import type { OutboxHandler, RetryPolicy } from '../events/outbox';
import { ingestModule } from '../ingest/ingest.module';
import { mappingsModule } from '../mappings/mappings.module';
import { notificationsModule } from '../notifications/notifications.module';
import { outboxModule } from '../outbox/outbox.module';
import { reportsModule } from '../reports/reports.module';
import { resolutionsModule } from '../resolutions/resolutions.module';
import { signaturesModule } from '../signatures/signatures.module';
import { stabilityModule } from '../stability/stability.module';
import { vendorTicketsModule } from '../vendor-tickets/vendor-tickets.module';
import { vendorsModule } from '../vendors/vendors.module';
import type { DomainModule, Reaction } from './module';
import type { Services } from './services';

/** Every domain of the server. A new domain is a folder with its module, and one line here. */
export const MODULES = [
  authModule,
  devicesModule,
  reportsModule,
  signaturesModule,
  vendorsModule,
  mappingsModule,
  ingestModule,
  outboxModule,
  resolutionsModule,
  notificationsModule,
  vendorTicketsModule,
  alertsModule,
  stabilityModule,
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

/**
 * The outbox's handlers: every module's reactions, by event type, given the services. Where several
 * modules react to one type, they run in the order of MODULES, each after the previous succeeded.
 */
export function outboxHandlers(services: () => Services): Map<string, OutboxHandler> {
  const reactions = new Map<string, Reaction[]>();
  for (const m of MODULES as readonly DomainModule[]) {
    for (const [type, reaction] of Object.entries(m.reactions ?? {})) reactions.set(type, [...(reactions.get(type) ?? []), reaction]);
  }
  return new Map(
    [...reactions].map(([type, list]): [string, OutboxHandler] => [
      type,
      async (event) => {
        for (const reaction of list) await reaction(event, services());
      },
    ]),
  );
}

/** Every module's plain HTTP endpoints, to mount under `/api`. */
export function httpRoutes(services: Services) {
  return MODULES.flatMap((m: DomainModule) => (m.routes ? [m.routes(services)] : []));
}

/** The retry policies the modules declared for their event types. */
export function outboxRetryPolicies(): Map<string, Partial<RetryPolicy>> {
  return new Map(MODULES.flatMap((m: DomainModule) => Object.entries(m.retryPolicies ?? {})));
}
