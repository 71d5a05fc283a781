import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Logger } from '../config/logger';
import { lockDataDir } from './data-dir-lock';

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
  const db = await PGlite.create(dir).catch((err: unknown) => {
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
