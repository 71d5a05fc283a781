import { startServer, type BenchServer } from '../lib/server';
import type { StandaloneRound } from './types';

/** The Redis that carries events between server processes (the same one the tests use). */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Runs `use` against `processes` server processes on one fresh copy of the PostgreSQL template:
 * a deployment of several processes behind one database. With more than one they share REDIS_URL,
 * as they must (events and cache invalidations cross processes over it); a single process keeps
 * its in-process bus, as `npm start` does. The servers are stopped and the copy dropped whatever
 * `use` does, and what the servers logged as errors is shown (a failed request's cause).
 */
export async function onFreshCopy<T>(
  ctx: StandaloneRound,
  suffix: string,
  processes: number,
  use: (servers: readonly BenchServer[]) => Promise<T>,
  cpuProfileDir?: string,
): Promise<T> {
  const pg = ctx.postgres!;
  const db = await pg.dbs.create(suffix, pg.template);
  const servers: BenchServer[] = [];
  try {
    // One after the other: on two cores starting both at once saves little, and each process's
    // start-up (its migration check under the lock, its pools) then has the machine to itself.
    for (let i = 0; i < processes; i++) {
      servers.push(
        await startServer({
          databaseUrl: db.url,
          adminToken: pg.adminToken,
          poolSize: ctx.settings.poolSize,
          redisUrl: processes > 1 ? REDIS_URL : undefined,
          cpuProfileDir: cpuProfileDir || undefined,
        }),
      );
    }
    return await use(servers);
  } finally {
    for (const s of servers) for (const line of s.errorLogs()) process.stderr.write(`  ! server ${s.pid} logged: ${line}\n`);
    await Promise.all(servers.map((s) => s.stop()));
    await pg.dbs.drop(db.name);
  }
}
