import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knex, type Knex } from '@mikro-orm/postgresql';
import { embeddedDatabaseProcess } from './harness/in-process-database';

// The built module, as the embedded database's child process uses the built one too.
const { SqlPool } = require('../dist/src/db/sql') as typeof import('../src/db/sql');

/**
 * On the embedded database the raw SQL path names its statements on the ORM's one connection.
 * PGlite keeps one backend session for all socket connections, so the statements a closed
 * connection prepared are still there when the ORM's pool opens the next one.
 */
let dir: string;
let database: { url: string; stop(): Promise<void> };
const orms: Knex[] = [];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'faultbase-sqlpool-'));
  database = await embeddedDatabaseProcess(dir);
});
afterAll(async () => {
  await Promise.all(orms.map((k) => k.destroy()));
  await database?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A connection pool as the server's ORM has on the embedded database: one connection. */
function ormPool(): Knex {
  const k = knex({ client: 'pg', connection: database.url, pool: { min: 0, max: 1 } });
  orms.push(k);
  return k;
}

const NEXT = { name: 'sql_pool_test_next', text: 'SELECT $1::int + 1 AS n' };

it('names statements on the shared embedded connection and survives the connection being replaced', async () => {
  const first = ormPool();
  const sql = SqlPool.sharedWith(first);
  expect(await sql.query(NEXT, [1])).toEqual([{ n: 2 }]);
  // Prepared in the session: PostgreSQL lists it, so the name was really used.
  expect(await first.raw('SELECT name FROM pg_prepared_statements').then((r: { rows: unknown[] }) => r.rows)).toEqual([
    { name: NEXT.name },
  ]);
  await first.destroy(); // the socket closes; the session and its prepared statement stay

  const second = ormPool();
  const again = SqlPool.sharedWith(second);
  expect(await again.query(NEXT, [2])).toEqual([{ n: 3 }]);
  expect(await again.transaction((tx) => tx.query(NEXT, [3]))).toEqual([{ n: 4 }]);
  expect(await again.query(NEXT, [4])).toEqual([{ n: 5 }]);
});
