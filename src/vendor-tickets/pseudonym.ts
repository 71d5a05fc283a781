/**
 * Per-vendor pseudonyms for a device's serial number and its subscriber id, so a vendor can tell
 * that two sample reports came from the same device without learning which device it is
 * (docs/redaction.md).
 *
 * A pseudonym is a keyed MAC (HMAC-SHA256) rather than a plain hash: serial numbers follow known
 * patterns, so anyone could hash every candidate and match. Without the secret nothing can be
 * recomputed, and the vendor id is part of the MAC, so two vendors get unrelated pseudonyms for
 * one device and cannot correlate their tickets.
 */
import { createHmac } from 'node:crypto';

export type PseudonymKind = 'device' | 'subscriber';

const PREFIX: Readonly<Record<PseudonymKind, string>> = { device: 'dev-', subscriber: 'sub-' };

/** Names this use of the secret: a MAC made with the same secret for anything else never matches. */
const PURPOSE = 'faultbase vendor pseudonym v1';

/** As for every secret in the config (config.ts): shorter ones can be guessed. */
const MIN_SECRET_BYTES = 16;

/** 10 bytes of the MAC (80 bits): 16 base32 characters, no padding. */
const PSEUDONYM_BYTES = 10;

/**
 * `dev-` or `sub-` and 16 lowercase base32 characters of HMAC-SHA256(secret, vendorId, kind,
 * value). The same inputs always give the same pseudonym; the value is taken as given (the caller
 * passes the identifier as stored).
 */
export function pseudonym(secret: string | Buffer, vendorId: string, kind: PseudonymKind, value: string): string {
  if (Buffer.byteLength(secret) < MIN_SECRET_BYTES) throw new Error(`a pseudonym secret needs at least ${MIN_SECRET_BYTES} bytes`);
  const mac = createHmac('sha256', secret).update(lengthPrefixed([PURPOSE, vendorId, kind, value])).digest();
  return PREFIX[kind] + base32(mac.subarray(0, PSEUDONYM_BYTES));
}

/**
 * Each field as its length (4 bytes, big-endian) and its UTF-16 code units, so no two lists of
 * fields encode alike: (`ab`, `c`) is not (`a`, `bc`). UTF-16 rather than UTF-8 because it encodes
 * every JavaScript string as it is, a lone surrogate included.
 */
function lengthPrefixed(fields: readonly string[]): Buffer {
  const parts: Buffer[] = [];
  for (const field of fields) {
    const bytes = Buffer.from(field, 'utf16le');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  }
  return Buffer.concat(parts);
}

/** RFC 4648 base32 in lower case: its digits are 2–7, so no 0 or 1 to mistake for o or l. */
const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Uint8Array): string {
  let text = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    // At most 4 bits wait from the last byte, so 12 bits of buffer are enough.
    buffer = ((buffer << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      text += BASE32_ALPHABET[(buffer >>> bits) & 31];
    }
  }
  if (bits > 0) text += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return text;
}
