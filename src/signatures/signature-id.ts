import { createHash } from 'node:crypto';

/**
 * A signature's id is derived from its fingerprint (sha256, formatted as an RFC 9562 version-8 UUID),
 * so ingest can insert the report and upsert its signature in one statement without looking the
 * signature up first.
 */
export function signatureIdFor(fingerprint: string): string {
  const b = createHash('sha256').update(`faultbase-signature:${fingerprint}`).digest();
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
