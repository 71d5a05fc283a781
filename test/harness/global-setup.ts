import pg from 'pg';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminUrl, databaseName } from './databases';
import { startProcess } from './process';

/**
 * Builds the server once, then makes a migrated template database that each test file copies:
 * a PGlite data folder (creating one takes seconds, copying it milliseconds) or, with DATABASE_URL,
 * a PostgreSQL template database.
 */
export default async function globalSetup(): Promise<void> {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  const base = process.env.DATABASE_URL;
  if (base) {
    const name = databaseName('tpl');
    const client = new pg.Client({ connectionString: adminUrl(base) });
    await client.connect();
    await client.query(`CREATE DATABASE "${name}"`);
    await client.end();
    process.env.FAULTBASE_TEST_TEMPLATE_DB = name;
    const server = await startProcess({ DATABASE_URL: withDatabase(base, name) });
    await server.stop();
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'faultbase-template-'));
    process.env.FAULTBASE_TEST_TEMPLATE_DIR = dir;
    const server = await startProcess({ FAULTBASE_DATA_DIR: dir });
    await server.stop();
  }
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
