import { createHash, randomBytes } from 'node:crypto';

/** Token prefixes tell at a glance (and to the lookup) what kind of principal a token belongs to. */
export const DEVICE_TOKEN_PREFIX = 'fbd_';
export const USER_TOKEN_PREFIX = 'fbu_';

/** 256 random bits, URL-safe. Shown once; only its hash is stored. */
export function generateToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

/**
 * Tokens are high-entropy random secrets, not passwords: a fast hash suffices (nothing to brute
 * force) and keeps the per-request lookup an indexed equality match.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
