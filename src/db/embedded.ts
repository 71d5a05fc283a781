import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Logger } from '../config/logger';
import { lockDataDir } from './data-dir-lock';
import { makePrivateFolder } from './private-folder';

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

/** The file name PostgreSQL clients look for in a socket folder (`host=<folder>`, port 5432). */
const SOCKET_NAME = '.s.PGSQL.5432';
/** sockaddr_un holds 108 bytes, the terminating NUL included. */
const MAX_SOCKET_PATH = 107;

/**
 * The embedded default: PGlite in a data folder, served over the PostgreSQL wire protocol on a
 * Unix socket inside that folder, so MikroORM's ordinary postgres driver (and `pg`) use it exactly
 * like a real server. pglite-socket has no authentication: a TCP port, even on 127.0.0.1, would let
 * any local process in as superuser. The socket lives in the data folder (mode 0700, see
 * makePrivateFolder), which no other user can enter.
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
  makePrivateFolder(dir);
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
  const socket = socketFolder(dir);
  // A socket left behind by a process killed with -9; the data folder's lock says it is ours now.
  rmSync(join(socket.folder, SOCKET_NAME), { force: true });
  const server = new PGLiteSocketServer({ db, path: join(socket.folder, SOCKET_NAME), maxConnections });
  try {
    await server.start();
  } catch (err) {
    await db.close();
    socket.remove();
    unlock();
    throw err;
  }
  logger.info({ dataDir: dir, socket: socket.folder, ms: Date.now() - started }, 'embedded database ready');
  return {
    // pg and MikroORM read a host that is a path as a Unix socket folder.
    url: `postgresql://postgres@${encodeURIComponent(socket.folder)}:5432/postgres`,
    async stop() {
      await server.stop();
      await db.close();
      socket.remove();
      unlock();
    },
  };
}

/**
 * The data folder itself, unless the socket's path would be too long for a Unix socket address:
 * then a private folder of its own under the system's temporary folder (mkdtemp makes it 0700).
 */
function socketFolder(dataDir: string): { folder: string; remove(): void } {
  if (join(dataDir, SOCKET_NAME).length <= MAX_SOCKET_PATH) return { folder: dataDir, remove: () => undefined };
  const folder = mkdtempSync(join(tmpdir(), 'faultbase-'));
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}
