import pg from 'pg';

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

/**
 * The raw SQL path used where the ORM's unit of work would cost more than it gives (ingest, auth).
 * PGlite serves every socket connection from one backend session, so a prepared statement's name
 * would collide between connections there: names are used only on a real PostgreSQL server.
 */
export class SqlPool implements Sql {
  readonly pool: pg.Pool;

  constructor(
    url: string,
    max: number,
    private readonly prepared: boolean,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000 });
  }

  async query<R extends Row = Row>(q: Query, values: unknown[]): Promise<R[]> {
    return (await this.pool.query<R>(this.config(q, values))).rows;
  }

  /** Runs `fn` in one transaction on one connection; rolls back if it throws. */
  async transaction<T>(fn: (tx: Sql, rollback: () => void) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let rollbackOnly = false;
    try {
      await client.query('BEGIN');
      const tx: Sql = {
        query: async <R extends Row>(q: Query, values: unknown[]) =>
          (await client.query<R>(this.config(q, values))).rows,
      };
      const result = await fn(tx, () => {
        rollbackOnly = true;
      });
      await client.query(rollbackOnly ? 'ROLLBACK' : 'COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private config(q: Query, values: unknown[]): pg.QueryConfig {
    return this.prepared ? { name: q.name, text: q.text, values } : { text: q.text, values };
  }
}
