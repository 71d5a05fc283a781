import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { adminQuery, databaseName, withClient } from './databases';
import { withDatabase } from './global-setup';
import { embeddedDatabaseProcess } from './in-process-database';
import { startProcess, type ServerProcess } from './process';

/**
 * A server of its own for one test file, on a fresh copy of the migrated template database:
 * embedded PGlite by default, PostgreSQL when DATABASE_URL is set (as .ci/run does).
 */
export class TestServer {
  private constructor(
    readonly env: Record<string, string>,
    public proc: ServerProcess,
    private readonly cleanup: () => Promise<void>,
  ) {}

  /**
   * `empty`: a database without the migrated template (as on a user's very first start).
   * `seed`: SQL to run on the migrated database before the server starts (given a connection URL;
   * the embedded database is opened in a process of its own for it), for fleets too big to enrol
   * through the API.
   */
  static async start(
    extraEnv: Record<string, string> = {},
    { empty = false, seed }: { empty?: boolean; seed?: (client: pg.Client) => Promise<void> } = {},
  ): Promise<TestServer> {
    const { env, cleanup } = await freshDatabase(empty);
    const fullEnv = { ...env, ...extraEnv };
    try {
      if (seed) await seedDatabase(env, seed);
      return new TestServer(fullEnv, await startProcess(fullEnv), cleanup);
    } catch (err) {
      await cleanup();
      throw err;
    }
  }

  get url(): string {
    return this.proc.url;
  }

  get adminToken(): string {
    return this.proc.adminToken;
  }

  /** Stops (or kills) the process and starts a new one on the same database. */
  async restart(how: 'stop' | 'kill' = 'stop'): Promise<void> {
    if (how === 'kill') await this.proc.kill();
    else await this.proc.stop();
    this.proc = await startProcess({ ...this.env, FAULTBASE_ADMIN_TOKEN: this.proc.adminToken });
  }

  /**
   * SQL on the database between a stop and a start of the server (the embedded database's folder is
   * the server's while it runs): history that cannot be made through the API in a test's time.
   */
  async seed(seed: (client: pg.Client) => Promise<void>): Promise<void> {
    await this.proc.stop();
    await seedDatabase(this.env, seed);
    this.proc = await startProcess({ ...this.env, FAULTBASE_ADMIN_TOKEN: this.proc.adminToken });
  }

  async stop(): Promise<void> {
    await this.proc.stop();
    await this.cleanup();
  }

  /** Direct SQL on the server's database (PostgreSQL only; PGlite's folder is owned by the server). */
  get databaseUrl(): string | undefined {
    return this.env.DATABASE_URL;
  }
}

async function freshDatabase(empty: boolean): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  const template = process.env.FAULTBASE_TEST_TEMPLATE_DB;
  if (base && template) {
    const name = databaseName('t');
    await adminQuery(base, `CREATE DATABASE "${name}"${empty ? '' : ` TEMPLATE "${template}"`}`);
    return {
      env: { DATABASE_URL: withDatabase(base, name) },
      cleanup: () => adminQuery(base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    };
  }
  const templateDir = process.env.FAULTBASE_TEST_TEMPLATE_DIR;
  if (!templateDir) throw new Error('global setup did not prepare a template database');
  const dir = mkdtempSync(join(tmpdir(), 'faultbase-test-'));
  if (!empty) cpSync(templateDir, dir, { recursive: true });
  return {
    env: { FAULTBASE_DATA_DIR: dir },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function seedDatabase(env: Record<string, string>, seed: (client: pg.Client) => Promise<void>): Promise<void> {
  const embedded = env.DATABASE_URL ? null : await embeddedDatabaseProcess(env.FAULTBASE_DATA_DIR!);
  try {
    await withClient(env.DATABASE_URL ?? embedded!.url, seed);
  } finally {
    await embedded?.stop();
  }
}
