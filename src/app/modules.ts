import type { EntityManager } from '@mikro-orm/postgresql';
import { authModule } from '../auth/auth.module';
import { devicesModule } from '../devices/devices.module';
import { ingestModule } from '../ingest/ingest.module';
import { reportsModule } from '../reports/reports.module';
import { signaturesModule } from '../signatures/signatures.module';
import { vendorsModule } from '../vendors/vendors.module';
import type { DomainModule } from './module';

/** Every domain of the server. A new domain is a folder with its module, and one line here. */
export const MODULES = [authModule, devicesModule, reportsModule, signaturesModule, vendorsModule, ingestModule] as const;

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
