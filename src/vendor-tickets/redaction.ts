/**
 * Personal-data scrubbing for what leaves faultbase: the sample reports in a vendor ticket's
 * evidence bundle. Vendors are third parties, so personal data is replaced by placeholders
 * (`[email]`, `[phone]`, `[redacted]`) and the device's own identifiers by per-vendor pseudonyms
 * (pseudonym.ts), which the caller passes as known values. docs/redaction.md lists the rules, what
 * deliberately survives, and the known gaps.
 *
 * Pure and I/O-free. Every pattern is linear by construction: no nested quantifiers over
 * overlapping classes, and any unbounded run is anchored to a literal or bounded. Text is cut to
 * 64 Ki characters, and JSON to a depth, a number of values and an amount of text, before any rule
 * runs.
 *
 * Some shapes repeat the grouping normaliser's (signatures/grouping/normaliser.ts) on purpose: its
 * patterns are frozen by the grouping configs that name them, while redaction must stay free to
 * catch more, and errs the other way (a lost version number is cheaper than a leaked address).
 */
import { isIPv6 } from 'node:net';

/** A redaction rule; `replace` is a string (`$n` groups) or a function for validated matches. */
export interface RedactionRule {
  readonly name: string;
  readonly pattern: RegExp;
  readonly replace: string | ((match: string) => string);
  /**
   * Cheap pre-checks, as in the message normaliser, so most rules never run a regex on a given
   * text: the rule only runs if the text holds one of `anyOf` (when given) and, if `digit`, a digit.
   */
  readonly anyOf?: readonly string[];
  readonly digit?: boolean;
}

/** The device's own identifiers and what to write instead (its pseudonyms), given by the caller. */
export type KnownValues = ReadonlyArray<readonly [value: string, replacement: string]>;

const REDACTED = '[redacted]';
const TRUNCATED = '[truncated]';
const UNSUPPORTED = '[unsupported]';

/**
 * Keys whose value is personal or secret whatever it looks like, written as words: a separator
 * (`_`, `-`, `.`, a space) or a change of case may stand between the words, so `access token`
 * is also `access_token`, `Access-Token` and `accessToken`.
 *
 * Deliberately not here: `location` and `address` (in fault reports they name code and memory
 * locations as often as places; coordinates have their own keys), `name` (an application's or a
 * class's), `mobile` (mostly a flag), `auth` (mostly a flag or a mode).
 */
const SENSITIVE_KEY_WORDS: readonly string[] = [
  // who the subscriber is, and which handset and SIM card
  'msisdn', 'imsi', 'imei', 'imei sv', 'meid', 'iccid', 'subscriber id', 'serial number', 'serial no', 'serial',
  'device id', 'android id', 'advertising id', 'idfa', 'udid',
  // who the person is and how to reach them
  'e mail', 'phone', 'phone number', 'mobile number', 'user', 'user name', 'user id', 'account id', 'customer id',
  'first name', 'last name', 'full name', 'display name', 'surname', 'birth date', 'date of birth', 'ssn', 'iban',
  'credit card', 'card number', 'cvv',
  // where the person is
  'lat', 'lon', 'lng', 'latitude', 'longitude', 'gps', 'geo location',
  // secrets
  'password', 'passwd', 'pwd', 'passphrase', 'passcode', 'pin', 'pin code', 'puk', 'otp', 'secret', 'token', 'access token',
  'refresh token', 'id token', 'api key', 'private key', 'authorization', 'credentials', 'credential', 'cookie',
  'session', 'session id', 'jsession id', 'php sess id', 'sid',
];

/** The sensitive keys, compacted: lower case, without separators (`accesstoken`, `email`). */
export const SENSITIVE_KEYS: readonly string[] = Object.freeze(SENSITIVE_KEY_WORDS.map((key) => key.replace(/ /g, '')));

const SENSITIVE_KEY_SET: ReadonlySet<string> = new Set(SENSITIVE_KEYS);

/** `word` in any case, without the `i` flag: that flag would also blur the camelCase humps below. */
function anyCase(word: string): string {
  return word.replace(/[a-z]/g, (letter) => `[${letter}${letter.toUpperCase()}]`);
}

/**
 * Where a key may start: not inside a word, or at a camelCase hump (`wifiPassword`), so `spin`
 * and `tokens` are not `pin` and `token`.
 */
const KEY_START = '(?:(?<![A-Za-z0-9])|(?<=[a-z0-9])(?=[A-Z]))';
const SENSITIVE_KEY = `${KEY_START}(?:${SENSITIVE_KEY_WORDS.map((key) => key.split(' ').map(anyCase).join('[-_. ]?')).join('|')})`;
const SENSITIVE_KEY_AT_END = new RegExp(`${SENSITIVE_KEY}$`);

/**
 * Whether a value under this key is personal or secret: the key, ignoring case, `_`, `-`, `.` and
 * spaces, is one of SENSITIVE_KEYS, or ends in one as whole words (`db_password`, `X-Auth-Token`,
 * `wifiPassword`; not `spin`, `tokenType`).
 */
export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY_SET.has(key.toLowerCase().replace(/[-_.\s]/g, '')) || SENSITIVE_KEY_AT_END.test(key);
}

/** Authorization schemes, kept in front of the credential they introduce. */
const AUTH_SCHEME = `(?:${['bearer', 'basic', 'digest', 'token', 'negotiate', 'ntlm'].map(anyCase).join('|')})`;
/** A character of a value that is not quoted: a value ends at whitespace, `,`, `;`, `&`, quotes and brackets. */
const VALUE_CHAR = `[^\\s,;&"'<>(){}\\[\\]]`;

const HEX2 = '[0-9a-fA-F]{2}';
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** One run of digits, taken whole (`(?!\d)`), so a long run is never split between groups. */
const DIGIT_RUN = '\\d{1,12}(?!\\d)';
/** How a phone number starts: `+49…`, `0049…`, `030…`, `(030) …`, `(555) …`. */
const PHONE_START = `(?:\\+|0{1,2})[1-9]\\d{0,14}(?!\\d)|\\((?:0[1-9]\\d{0,4}|[2-9]\\d{2})\\) ?${DIGIT_RUN}`;
/** A further group: after a space, `-` or `/`, or a bracketed part (`+49 (0)151 …`). */
const PHONE_GROUP = `(?:[ \\-/]${DIGIT_RUN}| ?\\(\\d{1,5}\\) ?${DIGIT_RUN})`;
/** North American `555-234-5678` (an exchange never starts with 0 or 1). */
const NANP_PHONE = '[2-9]\\d{2}-[2-9]\\d{2}-\\d{4}(?!\\d)';
/** `01/12/2026`, `01-12-26`: dates, not phone numbers. */
const NOT_A_DATE = '(?!\\d{1,2}[\\-/]\\d{1,2}[\\-/]\\d{2,4}(?!\\d))';

/**
 * All redaction rules, applied in this order:
 * - `urlCredentials` first: in `https://user:pass@host`, `pass@host` would read as an e-mail
 *   address and leave the user name behind;
 * - `cookieHeader` before `sensitiveKey`: a cookie header holds many `name=value` pairs, all of
 *   them secret, and `sensitiveKey` would take only the first;
 * - `sensitiveKey` before the shape rules: under a sensitive key the value goes whole, whatever its
 *   shape (`email=john@example.com` → `email=[redacted]`), and it keeps `Authorization: Bearer`;
 * - `bearer` after it, for a scheme with no key in front;
 * - `email` before the number rules (an address may hold digits: `0151123@sms.example.com`);
 * - `mac` before `phone` (`01-23-45-67-89-ab` would otherwise start with a phone number);
 * - `ipv6` before `ipv4` (an IPv4-mapped IPv6 address ends in an IPv4 address);
 * - `mobileIdentity` before `phone` (IMEIs are printed in groups and may start with 0).
 * Placeholders hold no digits, so once the digits are gone the digit rules are skipped.
 */
export const REDACTION_RULES: readonly RedactionRule[] = Object.freeze([
  rule('urlCredentials', /(?<=:\/\/)[^\s\/?#@:]{1,256}:[^\s\/?#@]{0,256}@/g, `${REDACTED}@`, { anyOf: ['://'] }),
  rule('cookieHeader', new RegExp(`\\b(${anyCase('cookie')}[ \\t]{0,32}:[ \\t]{0,32})[^\\r\\n]+`, 'g'), `$1${REDACTED}`, { anyOf: [':'] }),
  // The value: quoted (escapes honoured; the quotes stay), or a run of VALUE_CHARs and the
  // space-separated groups after it that start with a digit or `+` (`msisdn: +49 151 12345678`),
  // but never a scheme itself, so `Authorization: Bearer [redacted]` is left as it is.
  rule(
    'sensitiveKey',
    new RegExp(
      `(${SENSITIVE_KEY}["']?[ \\t]{0,32}[:=][ \\t]{0,32}(?:${AUTH_SCHEME} {1,32})?)` +
        `(?:(["'])(?:\\\\.|(?!\\2)[^\\\\\\n])*\\2|(?!${AUTH_SCHEME} )${VALUE_CHAR}+(?: [\\d+]${VALUE_CHAR}*)*)`,
      'g',
    ),
    `$1$2${REDACTED}$2`,
    { anyOf: [':', '='] },
  ),
  rule('bearer', new RegExp(`\\b(?:${anyCase('bearer')}|${anyCase('basic')}) {1,32}[A-Za-z0-9\\-._~+/]+=*`, 'g'), redactCredential),
  rule('email', /\b[\w.+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+\b/g, '[email]', { anyOf: ['@'] }),
  rule('mac', new RegExp(`\\b${HEX2}(?:[:-]${HEX2}){5}\\b`, 'g'), '[mac]', { anyOf: [':', '-'] }),
  // A candidate of hex digits and colons (with an IPv4 tail), validated by node:net.
  rule('ipv6', /(?<![\w:.])[0-9a-fA-F:]{2,39}(?:\d{1,3}(?:\.\d{1,3}){3})?(?![\w:]|\.\d)/g, redactIpv6, { anyOf: [':'] }),
  // Glued to a letter it is a version (`v21.0.0.2`, `21.0.0.2_RC`); five parts are no address.
  rule('ipv4', new RegExp(`(?<![\\w.])${OCTET}(?:\\.${OCTET}){3}(?!\\w|\\.\\d)`, 'g'), redactIpv4, { anyOf: ['.'], digit: true }),
  // IMEI/IMEISV as printed (`35-209900-176148-1`), an ICCID (`89…`, 18 to 20 digits), or 15
  // digits standing alone: an IMEI or an IMSI, which cannot be told apart.
  rule('mobileIdentity', /(?<![\w.+])(?:\d{2}[- ]?\d{6}[- ]\d{6}[- ]\d{1,2}|89\d{16,18}|\d{15})(?!\w|\.\d)/g, '[mobile-id]', { digit: true }),
  rule('phone', new RegExp(`(?<![\\w.+\\-/])${NOT_A_DATE}(?:(?:${PHONE_START})${PHONE_GROUP}{0,5}|${NANP_PHONE})(?!\\w|\\.\\d)`, 'g'), redactPhone, { digit: true }),
]);

export const REDACTION_RULE_NAMES: readonly string[] = Object.freeze(REDACTION_RULES.map((r) => r.name));

function rule(name: string, pattern: RegExp, replace: RedactionRule['replace'], checks: Pick<RedactionRule, 'anyOf' | 'digit'> = {}): RedactionRule {
  return Object.freeze({ name, pattern, replace, ...checks });
}

/**
 * `Bearer …`/`Basic …` is redacted when what follows looks like a credential: 8 characters or more
 * with a digit, a symbol or a capital inside, or 20 or more. So `Basic authentication failed` stays.
 */
function redactCredential(match: string): string {
  const space = match.indexOf(' ');
  const token = match.slice(space).trimStart();
  const credential = token.length >= 20 || (token.length >= 8 && /[\d+\/=_.~-]|.[A-Z]/.test(token));
  return credential ? `${match.slice(0, match.length - token.length)}${REDACTED}` : match;
}

/** Loopback and unspecified addresses say nothing about anyone and help to read a fault. */
function redactIpv6(candidate: string): string {
  return isIPv6(candidate) && candidate !== '::1' && candidate !== '::' ? '[ip]' : candidate;
}

function redactIpv4(address: string): string {
  return address.startsWith('127.') || address === '0.0.0.0' ? address : '[ip]';
}

/**
 * E.164 allows at most 15 digits; fewer than 8 is a short code, an extension or just a number.
 * When more groups follow (`+49 151 12345678 2026`), the leading groups up to 15 digits are the
 * phone number and the rest stays.
 */
function redactPhone(candidate: string): string {
  let digits = 0;
  let phoneEnd = 0;
  let phoneDigits = 0;
  for (let i = 0; i < candidate.length && digits < 15; i++) {
    if (!isDigit(candidate.charCodeAt(i))) continue;
    digits++;
    if (!isDigit(candidate.charCodeAt(i + 1))) {
      phoneEnd = i + 1;
      phoneDigits = digits;
    }
  }
  return phoneDigits >= 8 ? `[phone]${candidate.slice(phoneEnd)}` : candidate;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function mayMatch(rule: RedactionRule, text: string, hasDigit: boolean): boolean {
  if (rule.digit === true && !hasDigit) return false;
  if (rule.anyOf === undefined) return true;
  for (const needle of rule.anyOf) if (text.includes(needle)) return true;
  return false;
}

const DIGIT = /\d/;

function applyRules(input: string): string {
  let text = input;
  let hasDigit = DIGIT.test(text);
  for (const r of REDACTION_RULES) {
    if (!mayMatch(r, text, hasDigit)) continue;
    // `replace` with a string and a function are different overloads; keep the call typed.
    const next = typeof r.replace === 'string' ? text.replace(r.pattern, r.replace) : text.replace(r.pattern, r.replace);
    if (next !== text && hasDigit) hasDigit = DIGIT.test(next);
    text = next;
  }
  return text;
}

const MAX_TEXT_LENGTH = 64 * 1024;
/** How far back from the limit a cut looks for whitespace. */
const CUT_LOOKBACK = 256;

/**
 * Cuts text to MAX_TEXT_LENGTH characters, at whitespace when there is some near the limit: half an
 * e-mail address or phone number would no longer match its rule and leave as it is.
 */
function cutToSafeLength(text: string): string {
  if (text.length <= MAX_TEXT_LENGTH) return text;
  let end = MAX_TEXT_LENGTH;
  for (let i = MAX_TEXT_LENGTH; i > MAX_TEXT_LENGTH - CUT_LOOKBACK; i--) {
    if (/\s/.test(text[i])) {
      end = i;
      break;
    }
  }
  // Never keep half of a surrogate pair.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)} ${TRUNCATED}`;
}

/** Shorter values would also be found inside unrelated words and numbers. */
const MIN_KNOWN_VALUE_LENGTH = 4;

/**
 * Replaces known values in one pass (one regex of literals, so a replacement is never searched
 * again); at any position the longest known value wins.
 */
function knownValueReplacer(known: KnownValues): (text: string) => string {
  const usable = known.filter(([value]) => value.length >= MIN_KNOWN_VALUE_LENGTH).sort((a, b) => b[0].length - a[0].length);
  if (usable.length === 0) return (text) => text;
  const replacements = new Map<string, string>();
  for (const [value, replacement] of usable) if (!replacements.has(value)) replacements.set(value, replacement);
  const pattern = new RegExp([...replacements.keys()].map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return (text) => text.replace(pattern, (value) => replacements.get(value) ?? value);
}

function scrubWith(text: string, replaceKnown: (text: string) => string): string {
  return applyRules(replaceKnown(cutToSafeLength(text)));
}

/**
 * Removes personal data from free text: cuts it to 64 Ki characters, replaces every literal
 * occurrence of each known value (the device's serial number and subscriber id, mapped by the
 * caller to their pseudonyms; values shorter than 4 characters are ignored, case counts, the
 * longest wins), then applies REDACTION_RULES in order.
 */
export function scrubText(text: string, known: KnownValues = []): string {
  return scrubWith(text, knownValueReplacer(known));
}

const MAX_JSON_DEPTH = 20;
const MAX_JSON_VALUES = 10_000;
const MAX_JSON_TEXT = 256 * 1024;

/** What a JSON document may still cost; shared by the whole walk. */
interface JsonBudget {
  values: number;
  text: number;
}

/**
 * Removes personal data from free JSON (a report's `attributes`) and returns a deep copy: every
 * value under a sensitive key becomes `"[redacted]"` whatever its type, strings and keys are
 * scrubbed as text, numbers, booleans and null stay. A hostile document cannot blow up: arrays and
 * objects nested deeper than 20 levels become `"[truncated]"`, and after 10,000 values or 256 Ki
 * characters of strings and keys, the rest of each array is one `"[truncated]"` element and the
 * rest of each object one `"[truncated]": "[truncated]"` entry. What JSON cannot hold (undefined,
 * functions, class instances such as Date) becomes `"[unsupported]"`.
 */
export function scrubJson(value: unknown, known: KnownValues = []): unknown {
  const replaceKnown = knownValueReplacer(known);
  const budget: JsonBudget = { values: MAX_JSON_VALUES, text: MAX_JSON_TEXT };
  return scrubJsonValue(value, 1, budget, replaceKnown);
}

function scrubJsonValue(value: unknown, depth: number, budget: JsonBudget, replaceKnown: (text: string) => string): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return spendText(budget, value) ? scrubWith(value, replaceKnown) : TRUNCATED;
  if (Array.isArray(value)) {
    if (depth > MAX_JSON_DEPTH) return TRUNCATED;
    const items: unknown[] = [];
    for (const item of value as unknown[]) {
      if (!spendValue(budget)) {
        items.push(TRUNCATED);
        break;
      }
      items.push(scrubJsonValue(item, depth + 1, budget, replaceKnown));
    }
    return items;
  }
  if (isPlainObject(value)) {
    if (depth > MAX_JSON_DEPTH) return TRUNCATED;
    const entries: [string, unknown][] = [];
    const keys: TakenKeys = { taken: new Set(), nextSuffix: new Map() };
    for (const key of Object.keys(value)) {
      if (!spendValue(budget) || !spendText(budget, key)) {
        entries.push([distinctKey(TRUNCATED, keys), TRUNCATED]);
        break;
      }
      const scrubbedKey = distinctKey(scrubWith(key, replaceKnown), keys);
      entries.push([scrubbedKey, isSensitiveKey(key) ? REDACTED : scrubJsonValue(value[key], depth + 1, budget, replaceKnown)]);
    }
    // fromEntries defines properties, so a `__proto__` key stays a key and sets no prototype.
    return Object.fromEntries(entries);
  }
  return UNSUPPORTED;
}

function spendValue(budget: JsonBudget): boolean {
  if (budget.values <= 0 || budget.text <= 0) return false;
  budget.values--;
  return true;
}

/** Charges what scrubText would read (at most 64 Ki characters); once short, nothing fits any more. */
function spendText(budget: JsonBudget, text: string): boolean {
  const cost = Math.min(text.length, MAX_TEXT_LENGTH);
  if (cost > budget.text) {
    budget.text = 0;
    return false;
  }
  budget.text -= cost;
  return true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The keys of one object so far, and the next suffix to try for each. */
interface TakenKeys {
  readonly taken: Set<string>;
  readonly nextSuffix: Map<string, number>;
}

/** Two keys may scrub to the same text (two e-mail addresses): the later ones get `#2`, `#3`, … */
function distinctKey(key: string, keys: TakenKeys): string {
  let distinct = key;
  let n = keys.nextSuffix.get(key) ?? 2;
  while (keys.taken.has(distinct)) distinct = `${key}#${n++}`;
  keys.nextSuffix.set(key, n);
  keys.taken.add(distinct);
  return distinct;
}
