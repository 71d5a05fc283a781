import pg from 'pg';
import { assertLoopbackDatabase } from './loopback';

/**
 * Bench databases on the local PostgreSQL: all named `faultbase_bench_*`, created from a template
 * (CREATE DATABASE … TEMPLATE copies files: a migrated, enrolled database in well under a second)
 * and dropped at the end, also after a failure or Ctrl-C.
 */
export class BenchDatabases {
  private readonly created = new Set<string>();
  private readonly admin: string;

  constructor(
    /** Any URL of the server; its maintenance database `postgres` is used for CREATE/DROP. */
    readonly serverUrl: string,
    private readonly prefix: string,
  ) {
    assertLoopbackDatabase(serverUrl);
    this.admin = withDatabase(serverUrl, 'postgres');
  }

  nameOf(suffix: string): string {
    return `faultbase_bench_${this.prefix}_${suffix}`;
  }

  urlOf(name: string): string {
    return withDatabase(this.serverUrl, name);
  }

  /** A new database (optionally a copy of `template`); returns its URL. */
  async create(suffix: string, template?: string): Promise<{ name: string; url: string }> {
    const name = this.nameOf(suffix);
    await this.admin_(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${ident(name)}${template ? ` TEMPLATE ${ident(template)}` : ''}`);
    });
    this.created.add(name);
    return { name, url: this.urlOf(name) };
  }

  async drop(name: string): Promise<void> {
    await this.admin_((c) => c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`));
    this.created.delete(name);
  }

  async dropAll(): Promise<void> {
    for (const name of [...this.created]) await this.drop(name).catch(() => undefined);
  }

  async serverVersion(): Promise<string> {
    return this.admin_(async (c) => (await c.query<{ v: string }>('SELECT current_setting($1) AS v', ['server_version'])).rows[0]!.v);
  }

  /** Checkpoint so the next figure doesn't pay for the previous one's dirty pages. */
  async checkpoint(): Promise<void> {
    await this.admin_((c) => c.query('CHECKPOINT')).catch(() => undefined);
  }

  private async admin_<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: this.admin });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function ident(name: string): string {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unexpected database name ${name}`);
  return `"${name}"`;
}
