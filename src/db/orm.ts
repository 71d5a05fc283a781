import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import pg from 'pg';
import { migrationsList } from '../../migrations';
import type { Logger } from '../config/logger';

/** The domains' entity classes (and embeddables), as the composition root collects them. */
export type Entities = NonNullable<Options['entities']>;

export function ormOptions(clientUrl: string, poolMax: number, entities: Entities, logger?: Logger): Options {
  return {
    clientUrl,
    entities,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: true },
    pool: { min: 0, max: poolMax },
    // Migrations are listed explicitly so the same list runs from `src` (tests, tools) and `dist`.
    migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false },
    debug: false,
    logger: (message) => logger?.debug({ orm: message }),
    // Entities are not the API: GraphQL types are their own classes, so no lazy-loading surprises.
    forceUndefined: true,
    ignoreUndefinedInQuery: true,
  };
}

export async function initOrm(
  clientUrl: string,
  poolMax: number,
  entities: Entities,
  logger: Logger,
  { migrationLock }: { migrationLock: boolean },
): Promise<MikroORM> {
  const orm = await MikroORM.init(ormOptions(clientUrl, poolMax, entities, logger));
  try {
    const migrate = () => orm.getMigrator().up();
    const applied = await (migrationLock ? withMigrationLock(clientUrl, migrate) : migrate());
    if (applied.length) logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
  } catch (err) {
    await orm.close();
    throw err;
  }
  return orm;
}

const MIGRATION_LOCK = 0x66617562; // "faub"

/**
 * Several server processes may start together on one PostgreSQL: one migrates, the others wait.
 * (An embedded database belongs to one process, which needs no lock.)
 */
async function withMigrationLock<T>(url: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return await fn();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}
