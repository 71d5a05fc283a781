/**
 * The message normaliser: a table of named regexes that replace the parts of a message that vary
 * between occurrences of one fault (ids, numbers, addresses, paths, dates) by placeholders,
 * Sentry style (a UUID becomes `<uuid>`). Frame names have their own table (symbol-normaliser.ts).
 *
 * Every pattern is linear by construction: no nested quantifiers over overlapping classes, and any
 * unbounded run is anchored to a literal or bounded (`{0,256}`). Inputs are also cut to a safe
 * length before any rule runs.
 */

/** A message rule; `replace` is a string (`$n` groups) or a function for validated matches. */
export interface MessageRule {
  readonly name: string;
  readonly pattern: RegExp;
  readonly replace: string | ((match: string) => string);
  /**
   * Cheap pre-checks, so most rules never run a regex on a given message: the rule only runs if
   * the text holds one of `anyOf` (when given) and, if `digit`, a digit.
   */
  readonly anyOf: readonly string[] | null;
  readonly digit: boolean;
}

const HEX4 = '[0-9a-fA-F]{4}';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const WEEKDAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';

/**
 * All known message rules. The order in which a config lists them matters, and the default
 * order is the order of this table:
 * - `str` first: a quoted value is data as a whole, whatever it contains;
 * - `url` before `email` and `path` (a URL contains both shapes);
 * - `uuid` before `hex` and `int` (its groups are hex and digits);
 * - dates and times before `ip` and `int` (`16:33:00` looks like an IPv6 candidate, dates are digits);
 * - `mac` before `ipv6` and `int` (`00:1a:2b:3c:4d:5e` is one address, not six numbers);
 * - `ipv6` before `ipv4` (an IPv4-mapped IPv6 address ends in an IPv4 address);
 * - `ip` and `path` before `float` and `int` (`10.0.0.1` is not four numbers);
 * - `hex` before `float` and `int` (`0x1f` would otherwise become `<int>x1f`);
 * - `float` before `int` (`1.5` is one number).
 * Added with faultbase:2026-12-02 (older configs do not list them):
 * - `objectId` before `hex` and `int`: an identity hash after `@` or in braces (`Cart@1b6d3586`,
 *   `CartFragment{c5752149}`) is one id whether or not it happens to be all digits;
 * - `dimensions` before `int`: `2637x1621` is two numbers, not a name;
 * - `address` and `hexWord` before `hex` and `int`: a value after `address`, `addr` or `at`, and a
 *   bare run of exactly 8 or 16 hex digits (an address or id printed without `0x`), are one
 *   `<hex>` whether their digits happen to include a letter or not.
 */
export const MESSAGE_RULES: readonly MessageRule[] = Object.freeze([
  // Quotes must stand alone (not `can't`): no word character before the opening or after the closing.
  rule('str', /(?<![\w\\])(?:'[^'\n]{0,256}'|"[^"\n]{0,256}"|`[^`\n]{0,256}`)(?!\w)/g, '<str>', ["'", '"', '`']),
  rule('url', /\b[a-zA-Z][a-zA-Z0-9+.-]{0,15}:\/\/[^\s"'<>()]+/g, '<url>', ['://']),
  rule('email', /\b[\w.+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+\b/g, '<email>', ['@']),
  rule('uuid', new RegExp(`\\b[0-9a-fA-F]{8}-${HEX4}-${HEX4}-${HEX4}-[0-9a-fA-F]{12}\\b`, 'g'), '<uuid>', ['-']),
  rule('date', /\b\d{4}-[01]\d-[0-3]\d(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d(?:[.,]\d{1,9})?)?(?:Z|[+-][0-2]\d:?[0-5]\d)?)?(?!\w)|\b\d{1,2}\/\d{1,2}\/\d{4}\b/g, '<date>', ['-', '/'], true),
  // RFC 1123 ("Tue, 25 Nov 2026 16:33:00 GMT") and java.util.Date ("Tue Nov 25 16:33:00 CET 2026").
  rule('textDate', new RegExp(`\\b${WEEKDAY},? (?:\\d{1,2} ${MONTH} \\d{4} [0-2]\\d:[0-5]\\d:[0-5]\\d(?: [A-Z]{1,5}| [+-]\\d{4})?|${MONTH} [ \\d]\\d [0-2]\\d:[0-5]\\d:[0-5]\\d(?: [A-Z]{1,5})? \\d{4})\\b`, 'g'), '<date>', [':'], true),
  rule('time', /\b[0-2]?\d:[0-5]\d:[0-5]\d(?:[.,]\d{1,9})?\b/g, '<date>', [':'], true),
  rule('mac', /\b[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){5}\b/g, '<mac>', [':', '-']),
  rule('ipv6', /(?<![\w:.])[0-9a-fA-F:]{2,39}(?:\d{1,3}(?:\.\d{1,3}){3})?(?![\w:]|\.\d)/g, (m) => (isIpv6(m) ? '<ip>' : m), [':']),
  rule('ipv4', /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b/g, '<ip>', ['.'], true),
  // Unix paths need a leading `/`, `./`, `../` or `~/` not glued to a word ("and/or" stays).
  rule('path', /(?<![\w.\/~-])(?:~|\.{1,2})?(?:\/[\w.@+~%$=-]+)+\/?|\b[A-Za-z]:[\\\/][^\s"'<>|*?]*/g, '<path>', ['/', '\\']),
  rule('objectId', /(?<=[@{])[0-9a-fA-F]{1,16}(?=[}\s,;:)]|$)/g, '<hex>', ['@', '{']),
  // No digit needed: an address may happen to be all letters (`ebaacdfd`).
  rule('address', /(?<=\b(?:address|addr|at) )[0-9a-fA-F]{1,16}\b/g, '<hex>', ['addr', 'at ']),
  rule('hexWord', /\b(?:[0-9a-fA-F]{16}|[0-9a-fA-F]{8})\b/g, '<hex>', null, true),
  // 0x-prefixed, or a bare run of 6+ hex digits with at least one digit and one letter (identity hashes).
  rule('hex', /\b0[xX][0-9a-fA-F]+\b|\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{6,}\b/g, '<hex>', null, true),
  // Numbers may carry a unit (`500ms`, `1.5s`) but not be part of a name (`x86_64`, `v2`, `E_OOM_2`).
  // Dotted runs (`2.0.1`) are one `<float>`; four parts were already read as an IPv4 address.
  rule('float', /(?<![\w.])\d+(?:\.\d+)+/g, '<float>', ['.'], true),
  rule('dimensions', /(?<![\w.])\d{1,9}x\d{1,9}(?!\w)/g, '<int>x<int>', ['x'], true),
  rule('int', /(?<![\w.])\d+/g, '<int>', null, true),
]);

export const MESSAGE_RULE_NAMES: readonly string[] = Object.freeze(MESSAGE_RULES.map((r) => r.name));

function rule(
  name: string,
  pattern: RegExp,
  replace: MessageRule['replace'],
  anyOf: readonly string[] | null,
  digit = false,
): MessageRule {
  return Object.freeze({ name, pattern, replace, anyOf, digit });
}

function mayMatch(rule: MessageRule, text: string, hasDigit: boolean): boolean {
  if (rule.digit && !hasDigit) return false;
  if (rule.anyOf === null) return true;
  for (const needle of rule.anyOf) if (text.includes(needle)) return true;
  return false;
}

const DIGIT = /\d/;

/** Validates an IPv6 candidate: hex groups of at most 4, eight of them or fewer with one `::`. */
function isIpv6(candidate: string): boolean {
  let text = candidate;
  let groups = 0;
  const dot = text.indexOf('.');
  if (dot >= 0) {
    // An IPv4 tail stands for two groups.
    const colon = text.lastIndexOf(':', dot);
    if (colon < 0) return false;
    text = text.slice(0, colon + 1) + '0';
    groups = 1;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  for (const half of halves) {
    if (half === '') continue;
    for (const group of half.split(':')) {
      if (group.length === 0 || group.length > 4) return false;
      groups++;
    }
  }
  return halves.length === 2 ? groups >= 1 && groups <= 7 : groups === 8;
}

// Weak: a caller passing a fresh list each time must not make this grow.
const compiledRuleLists = new WeakMap<readonly string[], readonly MessageRule[]>();

/** Resolves rule names once per (frozen) list, so the hot path only iterates. */
export function messageRulesFor(names: readonly string[]): readonly MessageRule[] {
  let rules = compiledRuleLists.get(names);
  if (rules === undefined) {
    rules = names.map((name) => {
      const found = MESSAGE_RULES.find((r) => r.name === name);
      if (found === undefined) throw new Error(`unknown message normaliser rule "${name}"`);
      return found;
    });
    compiledRuleLists.set(names, rules);
  }
  return rules;
}

const DEFAULT_MAX_MESSAGE_LENGTH = 1024;

/**
 * Parameterises a message so that occurrences of one fault read the same:
 * `User 42 not found at 10.0.0.7` → `User <int> not found at <ip>`.
 * Whitespace runs collapse to one space. The message is cut to `maxLength` before the rules
 * run, and the result is cut again.
 */
export function normaliseMessage(
  message: string,
  ruleNames: readonly string[] = MESSAGE_RULE_NAMES,
  maxLength: number = DEFAULT_MAX_MESSAGE_LENGTH,
): string {
  let text = message.length > maxLength ? message.slice(0, maxLength) : message;
  // Placeholders hold no digits: once the digits are gone, the digit rules are skipped.
  let hasDigit = DIGIT.test(text);
  for (const r of messageRulesFor(ruleNames)) {
    if (!mayMatch(r, text, hasDigit)) continue;
    // `replace` with a string and a function are different overloads; keep the call typed.
    const next = typeof r.replace === 'string' ? text.replace(r.pattern, r.replace) : text.replace(r.pattern, r.replace);
    if (next !== text && hasDigit) hasDigit = DIGIT.test(next);
    text = next;
  }
  const collapsed = text.replace(/\s+/g, ' ').trim();
  // Placeholders can be longer than what they replace: the result obeys the limit too.
  return collapsed.length > maxLength ? cutBeforePlaceholder(collapsed, maxLength) : collapsed;
}

/** Cuts to `maxLength` without leaving half a placeholder (`<in`). */
function cutBeforePlaceholder(text: string, maxLength: number): string {
  const cut = text.slice(0, maxLength);
  const open = cut.lastIndexOf('<');
  const broken = open >= 0 && cut.indexOf('>', open) < 0;
  return (broken ? cut.slice(0, open) : cut).trimEnd();
}
