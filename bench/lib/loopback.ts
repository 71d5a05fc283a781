import { isIP } from 'node:net';

/**
 * Load is only ever sent to this machine. The check is on the URL's host as written, before any
 * DNS lookup: `localhost`, 127.0.0.0/8 or ::1. A name that resolves to loopback but is not one of
 * these is refused too, since what it resolves to can change.
 */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  if (host === 'localhost') return true;
  if (host === '[::1]' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

export function assertLoopbackUrl(url: string, what: string): void {
  if (!isLoopbackUrl(url)) {
    throw new Error(`${what} ${url} is not a loopback address (localhost, 127.0.0.0/8, [::1]); load is only sent to this machine`);
  }
}

/** PostgreSQL URLs too: the bench creates and drops databases, never on another machine. */
export function assertLoopbackDatabase(url: string): void {
  const u = new URL(url);
  const host = u.hostname === '' ? 'localhost' : u.hostname;
  if (!isLoopbackUrl(`http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}/`)) {
    throw new Error(`database ${u.hostname} is not on this machine; the bench only uses a local PostgreSQL`);
  }
}
