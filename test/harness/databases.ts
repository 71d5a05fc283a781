import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Test databases are named per run and file, so parallel files and runs never share one. */
export function databaseName(kind: string): string {
  return `faultbase_${kind}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** The server's maintenance database, for CREATE/DROP DATABASE. */
export function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

/** Runs `fn` with a client of its own on `url`, closed afterwards. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** One statement on the server's maintenance database (CREATE/DROP DATABASE). */
export async function adminQuery(base: string, text: string): Promise<void> {
  await withClient(adminUrl(base), (client) => client.query(text));
}
