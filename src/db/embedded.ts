import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Logger } from '../config/logger';
import { lockDataDir } from './data-dir-lock';

/**
 * PostgreSQL settings for the embedded engine, added to PGlite's own start parameters.
 *
 * PGlite runs PostgreSQL in a WebAssembly instance whose linear memory can only grow; PostgreSQL's
 * shared memory is allocated from it at start and is resident from then on, idle or not. With the
 * `shared_buffers = 128MB` that initdb writes into postgresql.conf, that is ~150 MB of the server's
 * RSS (measured: ~29 MB of the linear memory resident with 16MB). One PGlite backend on a local
 * data folder does not need a large pool: the data files are read through the real file system
 * (NODEFS), so evicted pages come back from the OS page cache; the ingest benchmarks run as fast
 * with 16MB. `wal_buffers` (-1: 1/32 of shared_buffers) follows, to 512kB. Settings given on the
 * command line override the data folder's postgresql.conf without rewriting it, so existing data
 * folders get them too.
 */
const EMBEDDED_SETTINGS: Record<string, string> = {
  shared_buffers: '16MB',
};

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * The embedded default: PGlite in a data folder, served over the PostgreSQL wire protocol on a
 * loopback port so MikroORM's ordinary postgres driver (and `pg`) use it exactly like a real server.
 * PGlite runs one query at a time; the socket server queues queries and keeps a transaction's
 * statements together, so several pooled connections are safe (but add no parallelism).
 * Durability is PGlite's default (relaxedDurability off): a query's writes reach the data folder
 * before its result is returned.
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  maxConnections: number,
  logger: Logger,
): Promise<EmbeddedDatabase> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const unlock = lockDataDir(dir);
  const started = Date.now();
  const db = await PGlite.create(dir, {
    startParams: [
      ...PGlite.defaultStartParams,
      ...Object.entries(EMBEDDED_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
  }).catch((err: unknown) => {
    unlock();
    throw err;
  });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  await server.start();
  const conn = server.getServerConn();
  logger.info({ dataDir: dir, conn, ms: Date.now() - started }, 'embedded database ready');
  return {
    url: `postgresql://postgres@${conn}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
      unlock();
    },
  };
}
