import { randomBytes } from 'node:crypto';

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
