import { startServer, type BenchServer, type ServerOptions } from '../lib/server';
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
  const options: ServerOptions = {
    databaseUrl: db.url,
    adminToken: pg.adminToken,
    poolSize: ctx.settings.poolSize,
    redisUrl: processes > 1 ? REDIS_URL : undefined,
    cpuProfileDir: cpuProfileDir || undefined,
  };
  return onServers(Array<ServerOptions>(processes).fill(options), use, () => pg.dbs.drop(db.name));
}

/**
 * The same on the embedded database: one server process (a PGlite data folder belongs to one
 * process, so there is no several-process deployment) on a fresh copy of the embedded template's
 * folder, stopped and the copy removed whatever `use` does.
 */
export async function onFreshEmbeddedCopy<T>(ctx: StandaloneRound, suffix: string, use: (server: BenchServer) => Promise<T>, cpuProfileDir?: string): Promise<T> {
  const embedded = ctx.embedded!;
  const copy = embedded.copy(suffix);
  const options: ServerOptions = { dataDir: copy.dataDir, adminToken: embedded.adminToken, poolSize: ctx.settings.poolSize, cpuProfileDir: cpuProfileDir || undefined };
  return onServers([options], (servers) => use(servers[0]!), copy.drop);
}

async function onServers<T>(options: readonly ServerOptions[], use: (servers: readonly BenchServer[]) => Promise<T>, drop: () => Promise<void>): Promise<T> {
  const servers: BenchServer[] = [];
  try {
    // One after the other: on two cores starting both at once saves little, and each process's
    // start-up (its migration check under the lock, its pools) then has the machine to itself.
    for (const o of options) servers.push(await startServer(o));
    return await use(servers);
  } finally {
    for (const s of servers) for (const line of s.errorLogs()) process.stderr.write(`  ! server ${s.pid} logged: ${line}\n`);
    await Promise.all(servers.map((s) => s.stop()));
    await drop();
  }
}
