/**
 * E-mail addresses as faultbase accepts them: plain `local@domain`, the dot-atom form of RFC 5322
 * (no quoted local parts, no comments, no IP-literal domains, no display name). Stricter than the
 * RFC on purpose: an address is also written into headers and a `mailto:` URL, and an address
 * people actually use is never refused by this. A dotless domain (`localhost`) is allowed for
 * closed networks and tests.
 */
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const ADDRESS = new RegExp(`^${ATOM}(?:\\.${ATOM})*@${LABEL}(?:\\.${LABEL})*$`);

/** RFC 5321's limits: 64 characters before the @, 254 in all (the path's 256 less the brackets). */
export function isMailAddress(value: string): boolean {
  if (value.length > 254) return false;
  const at = value.lastIndexOf('@');
  return at > 0 && at <= 64 && ADDRESS.test(value);
}

export interface Mailbox {
  /** The display name, when there is one (`faultbase` in `faultbase <faultbase@localhost>`). */
  name: string | null;
  address: string;
}

/** A display name may be quoted; unquoted, it must not hold the characters that end or nest one. */
const NAMED = /^\s*(?:"([^"\r\n\\]*)"|([^"<>\r\n,;:@\\]*?))\s*<([^<>\s]+)>\s*$/;

/**
 * A sender as FAULTBASE_MAIL_FROM gives it: `alerts@example.com` or `Faultbase <alerts@example.com>`;
 * null when it is neither.
 */
export function parseMailbox(value: string): Mailbox | null {
  const plain = value.trim();
  if (isMailAddress(plain)) return { name: null, address: plain };
  const named = NAMED.exec(value);
  if (!named || !isMailAddress(named[3]!)) return null;
  const name = (named[1] ?? named[2] ?? '').trim();
  return { name: name || null, address: named[3]! };
}

/** A `mailto:` URL for recipients (RFC 6068), as the delivery log shows where an e-mail went. */
export function mailtoUrl(to: readonly string[]): string {
  // The few characters an address may hold that mean something in a URL are escaped.
  return `mailto:${to.map((a) => a.replace(/[%/?#&,]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join(',')}`;
}
