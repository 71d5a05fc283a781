import pg from 'pg';
import type { Knex } from '@mikro-orm/postgresql';
import { countRows, countStatement } from './statement-count';

// timestamptz → Date is pg's default; bigint counts (count(*), sum()) come back as JS numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface Query {
  /** A stable name makes PostgreSQL keep the plan per connection (a prepared statement). */
  name: string;
  text: string;
}

export type Row = Record<string, unknown>;

export interface Sql {
  query<R extends Row = Row>(q: Query, values: unknown[]): Promise<R[]>;
}

/** Where connections come from: a pool of our own, or the ORM's. */
interface ConnectionSource {
  acquire(): Promise<pg.ClientBase>;
  release(client: pg.ClientBase): void;
  end(): Promise<void>;
}

/**
 * The raw SQL path used where the ORM's unit of work would cost more than it gives (ingest, auth).
 *
 * It names its statements, so each is parsed and planned once per connection (a prepared statement).
 * On PostgreSQL it has a pool of its own. On the embedded database it borrows the ORM's single
 * connection instead: PGlite has one backend session behind every socket connection, so two
 * connections' extended-protocol messages could interleave (one's Bind landing on the other's
 * Parse) and their statement names would collide. That one session also outlives the socket
 * connection: when the ORM's pool replaces an idle connection, the new `pg` client knows none of
 * the names the session still holds, so a connection seen for the first time starts with
 * `DEALLOCATE ALL`.
 */
export class SqlPool implements Sql {
  private constructor(private readonly source: ConnectionSource) {}

  static ownPool(url: string, max: number, onError: (err: Error) => void): SqlPool {
    const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000 });
    // An idle client's error (server restart, network) must not crash the process; the pool drops it.
    pool.on('error', onError);
    return new SqlPool({ acquire: () => pool.connect(), release: (c) => (c as pg.PoolClient).release(), end: () => pool.end() });
  }

  static sharedWith(knex: Knex): SqlPool {
    const client = knex.client as { acquireConnection(): Promise<pg.ClientBase>; releaseConnection(c: pg.ClientBase): Promise<void> };
    const known = new WeakSet<pg.ClientBase>();
    return new SqlPool({
      acquire: async () => {
        const connection = await client.acquireConnection();
        if (!known.has(connection)) {
          try {
            await connection.query('DEALLOCATE ALL');
          } catch (err) {
            void client.releaseConnection(connection);
            throw err;
          }
          known.add(connection);
        }
        return connection;
      },
      release: (c) => void client.releaseConnection(c),
      end: async () => undefined, // the ORM closes its own pool
    });
  }

  async query<R extends Row = Row>(q: Query, values: unknown[]): Promise<R[]> {
    const client = await this.source.acquire();
    try {
      countStatement();
      const { rows } = await client.query<R>(this.config(q, values));
      countRows(rows.length);
      return rows;
    } finally {
      this.source.release(client);
    }
  }

  /** Runs `fn` in one transaction on one connection; rolls back if it throws or asks to. */
  async transaction<T>(fn: (tx: Sql, rollback: () => void) => Promise<T>): Promise<T> {
    const client = await this.source.acquire();
    let rollbackOnly = false;
    try {
      countStatement();
      await client.query('BEGIN');
      const tx: Sql = {
        query: async <R extends Row>(q: Query, values: unknown[]) => {
          countStatement();
          const { rows } = await client.query<R>(this.config(q, values));
          countRows(rows.length);
          return rows;
        },
      };
      const result = await fn(tx, () => {
        rollbackOnly = true;
      });
      countStatement();
      await client.query(rollbackOnly ? 'ROLLBACK' : 'COMMIT');
      return result;
    } catch (err) {
      countStatement();
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      this.source.release(client);
    }
  }

  close(): Promise<void> {
    return this.source.end();
  }

  private config(q: Query, values: unknown[]): pg.QueryConfig {
    return { name: q.name, text: q.text, values };
  }
}
