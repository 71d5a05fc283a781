import pg from 'pg';
import { rmSync } from 'node:fs';
import { adminUrl } from './databases';

export default async function globalTeardown(): Promise<void> {
  const dir = process.env.FAULTBASE_TEST_TEMPLATE_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
  const base = process.env.DATABASE_URL;
  const name = process.env.FAULTBASE_TEST_TEMPLATE_DB;
  if (base && name) {
    const client = new pg.Client({ connectionString: adminUrl(base) });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  }
}
