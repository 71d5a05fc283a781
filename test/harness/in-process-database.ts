import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { adminQuery, databaseName } from './databases';
import { withDatabase } from './global-setup';

/**
 * A fresh copy of the migrated template database, opened in the test process itself, for tests of
 * plumbing that runs inside a server process (the outbox dispatcher): PostgreSQL when DATABASE_URL
 * is set, else the embedded PGlite. `pool()` gives a SQL pool as a server process has one; on
 * PostgreSQL each call is a pool of its own (as another server process would have), on PGlite
 * (reached through its socket) they share one connection, as a server on it does. Uses the built
 * server (dist).
 */
export async function inProcessDatabase() {
  require('reflect-metadata');
  const { SqlPool } = require('../../dist/src/db/sql') as typeof import('../../src/db/sql');
  const database = await freshDatabase();
  const pools: { close(): Promise<void> }[] = [];
  const ownPool = () => {
    const pool = SqlPool.ownPool(database.url, database.embedded ? 1 : 2, () => undefined);
    pools.push(pool);
    return pool;
  };
  // PGlite has one backend session behind all its socket connections (see SqlPool): one
  // connection, shared, as a server on the embedded database has.
  const shared = database.embedded ? ownPool() : null;
  return {
    url: database.url,
    pool: () => shared ?? ownPool(),
    async close() {
      await Promise.all(pools.map((p) => p.close()));
      await database.drop();
    },
  };
}

async function freshDatabase(): Promise<{ url: string; embedded: boolean; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  const template = process.env.FAULTBASE_TEST_TEMPLATE_DB;
  if (base && template) {
    const name = databaseName('ip');
    await adminQuery(base, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    return { url: withDatabase(base, name), embedded: false, drop: () => adminQuery(base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'faultbase-ip-'));
  cpSync(process.env.FAULTBASE_TEST_TEMPLATE_DIR!, dir, { recursive: true });
  const embedded = await embeddedDatabaseProcess(dir);
  return {
    url: embedded.url,
    embedded: true,
    async drop() {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The embedded database in a child process of its own (PGlite loads its WebAssembly with a dynamic
 * import, which jest's module sandbox refuses), reached through its Unix socket as the server
 * reaches it. The child prints the URL, and stops the database when its stdin closes.
 */
export function embeddedDatabaseProcess(dir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const script = `
    const { startEmbeddedDatabase } = require(${JSON.stringify(resolve(__dirname, '../../dist/src/db/embedded'))});
    const { createLogger } = require(${JSON.stringify(resolve(__dirname, '../../dist/src/config/logger'))});
    startEmbeddedDatabase(process.argv[1], 8, createLogger('silent')).then((db) => {
      process.stdout.write(JSON.stringify({ url: db.url }) + '\\n');
      process.stdin.on('end', () => db.stop().then(() => process.exit(0)));
      process.stdin.resume();
    }, (err) => { console.error(err); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script, dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  return new Promise((resolveStart, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (!out.includes('\n')) return;
      resolveStart({
        url: (JSON.parse(line!) as { url: string }).url,
        async stop() {
          child.stdin!.end();
          await exited;
        },
      });
    });
    void exited.then(() => reject(new Error('the embedded database process exited before it was ready')));
  });
}
