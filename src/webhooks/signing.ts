import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers every webhook request carries (DOMAIN.md, "Webhooks"). */
export const DELIVERY_HEADER = 'faultbase-delivery';
export const SIGNATURE_HEADER = 'faultbase-signature';

/** How old a signed timestamp a receiver should accept: older requests may be replays. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const mac = (secret: string, t: number, rawBody: string) => createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, as Stripe signs: the time is
 * inside the MAC, so a captured request cannot be replayed later with a fresh time, and a receiver
 * checks both. Signed at each attempt (a retry carries its own time; the body stays the same).
 */
export function signatureHeader(secret: string, rawBody: string, at: Date = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${mac(secret, t, rawBody)}`;
}

/**
 * What a receiver does (and the tests, as a receiver): true when one `v1` of the header is the MAC of
 * this body at its `t`, and `t` is within the tolerance of now. Compared in constant time.
 */
export function verifySignatureHeader(
  secret: string,
  rawBody: string,
  header: string,
  { now = new Date(), toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS } = {},
): boolean {
  const parts = header.split(',').map((p) => p.trim().split('=') as [string, string?]);
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(mac(secret, t, rawBody), 'hex');
  return parts
    .filter(([k, v]) => k === 'v1' && v && /^[0-9a-f]{64}$/.test(v))
    .some(([, v]) => timingSafeEqual(Buffer.from(v!, 'hex'), expected));
}
