/**
 * Normalisers: tables of named regexes that replace the parts of a message or a symbol that vary
 * between occurrences of one fault (ids, numbers, addresses, generated names) by placeholders,
 * Sentry style (a UUID becomes `<uuid>`).
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
  // 0x-prefixed, or a bare run of 6+ hex digits with at least one digit and one letter (identity hashes).
  rule('hex', /\b0[xX][0-9a-fA-F]+\b|\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{6,}\b/g, '<hex>', null, true),
  // Numbers may carry a unit (`500ms`, `1.5s`) but not be part of a name (`x86_64`, `v2`, `E_OOM_2`).
  // Dotted runs (`2.0.1`) are one `<float>`; four parts were already read as an IPv4 address.
  rule('float', /(?<![\w.])\d+(?:\.\d+)+/g, '<float>', ['.'], true),
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

const compiledRuleLists = new Map<readonly string[], readonly MessageRule[]>();

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

/** A symbol rule; a match may also mark the frame as machine-generated (`unusable`). */
interface SymbolRule {
  readonly name: string;
  readonly pattern: RegExp;
  /** Called as by String.prototype.replace; a group that did not take part is undefined. */
  readonly replace: (match: string, ...groups: (string | undefined)[]) => string;
  readonly unusable: string | null;
}

export interface NormalisedSymbol {
  name: string;
  /** Why the frame can't identify a fault, when a rule says so. */
  unusable: string | null;
}

const SYNTHETIC_LAMBDA = 'synthetic lambda frame';
const SYNTHETIC_PROXY = 'synthetic proxy frame';

/**
 * Java/Kotlin/Android generated names. Order: specific lambda shapes before the generic `$N`
 * (anonymous class) rule, which would otherwise eat their numbers.
 */
const JAVA_SYMBOL_RULES: readonly SymbolRule[] = [
  // D8 desugared lambda classes: com.foo.-$$Lambda$MainActivity$4SwBxn2.run
  { name: 'd8Lambda', pattern: /-\$\$Lambda\$[\w$]+/g, replace: () => '-$$Lambda', unusable: SYNTHETIC_LAMBDA },
  // JDK hidden lambda classes: Foo$$Lambda$12/0x0000000800c0b000 (JDK 8-17), Foo$$Lambda/0x... (21+)
  { name: 'hiddenLambdaClass', pattern: /\$\$Lambda(?:\$\d+)?(?:\/0x[0-9a-fA-F]+)?/g, replace: () => '$$Lambda', unusable: SYNTHETIC_LAMBDA },
  // R8 synthetics: Foo$$ExternalSyntheticLambda0, Foo$$ExternalSyntheticOutline1
  { name: 'r8Synthetic', pattern: /\$\$ExternalSynthetic([A-Za-z]+)\d+/g, replace: (_m, kind) => `$$ExternalSynthetic${kind}`, unusable: 'synthetic compiler frame' },
  // Lambda bodies are real code; only their index varies: lambda$main$0 → lambda$main, Kotlin onCreate$lambda-1.
  { name: 'lambdaIndex', pattern: /(lambda(?:\$[A-Za-z_]\w*)*)[$-]\d+\b/g, replace: (_m, body) => body ?? '', unusable: null },
  // javac's numbered `access$000` and Kotlin's named `access$onClick` only forward to the real method.
  { name: 'accessor', pattern: /\baccess\$(?:(\d+)|[A-Za-z_]\w*)/g, replace: (m, n) => (n === undefined ? m : 'access$'), unusable: 'synthetic accessor frame' },
  { name: 'proxy', pattern: /\$Proxy\d+/g, replace: () => '$Proxy', unusable: SYNTHETIC_PROXY },
  // CGLIB/Spring: Foo$$EnhancerByCGLIB$$a1b2c3, Foo$$FastClassBySpringCGLIB$$d4e5, Foo$$SpringCGLIB$$0
  { name: 'cglib', pattern: /\$\$([A-Za-z]+)\$\$\w+/g, replace: (_m, kind) => `$$${kind}`, unusable: SYNTHETIC_PROXY },
  { name: 'bytecodeProxy', pattern: /\$(ByteBuddy|HibernateProxy|MockitoMock)\$\w+/g, replace: (_m, kind) => `$${kind}`, unusable: SYNTHETIC_PROXY },
  // Anonymous classes are renumbered when one is added above them in the file.
  { name: 'anonymousClass', pattern: /\$\d+\b/g, replace: () => '$<anon>', unusable: null },
];

/** Normalises a Java method or class name; names without `$` have nothing generated in them. */
export function normaliseJavaSymbol(name: string): NormalisedSymbol {
  if (!name.includes('$')) return { name, unusable: null };
  return applySymbolRules(name, JAVA_SYMBOL_RULES);
}

/** GCC/Clang clone suffixes depend on optimisation decisions, not on the code's identity. */
const NATIVE_CLONE_SUFFIX = /(?:\.(?:isra|constprop|part|cold|lto_priv|localalias|llvm)(?:\.\d+)?)+$/;

export function normaliseNativeSymbol(name: string): string {
  return name.includes('.') ? name.replace(NATIVE_CLONE_SUFFIX, '') : name;
}

/** `libc.so.6` → `libc.so`: a library's soname version is not part of the fault. */
export function normaliseLibraryName(name: string): string {
  const so = name.lastIndexOf('.so.');
  return so > 0 && /^(?:\.\d+)+$/.test(name.slice(so + 3)) ? name.slice(0, so + 3) : name;
}

const JS_ANONYMOUS = new Set(['', 'anonymous', '<anonymous>', 'Object.<anonymous>']);

/** `new Foo` → `Foo`, `Foo.bar [as baz]` → `Foo.bar`, every anonymous spelling → `<anonymous>`. */
export function normaliseJsFunction(name: string): string {
  let fn = name.startsWith('new ') ? name.slice(4) : name;
  const alias = fn.indexOf(' [as ');
  if (alias > 0) fn = fn.slice(0, alias);
  return JS_ANONYMOUS.has(fn) ? '<anonymous>' : fn;
}

const BUNDLE_HASH = /(?<=[.-])[0-9a-fA-F]{8,64}(?=[.-])/g;
// Only web origins: a CDN host varies, while app://, resource:// and the like say where code lives.
const URL_ORIGIN = /^https?:\/\/[^/]*/;

/**
 * Script paths: drop query and fragment, the origin of a URL (CDN hosts vary) and bundler
 * content hashes (`main.3f2a1b9c.chunk.js` → `main.<hash>.chunk.js`).
 */
export function normaliseScriptPath(path: string): string {
  let p = path;
  const cut = firstIndexOf(p, '?', '#');
  if (cut >= 0) p = p.slice(0, cut);
  if (p.startsWith('file://')) p = p.slice(7);
  else if (p.startsWith('webpack-internal:///') || p.startsWith('webpack:///')) p = p.slice(p.indexOf(':///') + 4);
  else if (p.startsWith('http')) p = p.replace(URL_ORIGIN, '');
  // Bundlers hash file names, not folders: only the last segment is searched.
  const slash = p.lastIndexOf('/');
  const name = p.slice(slash + 1);
  return name.length < 10 ? p : p.slice(0, slash + 1) + name.replace(BUNDLE_HASH, '<hash>');
}

function firstIndexOf(text: string, a: string, b: string): number {
  const i = text.indexOf(a);
  const j = text.indexOf(b);
  if (i < 0) return j;
  return j < 0 ? i : Math.min(i, j);
}

function applySymbolRules(name: string, rules: readonly SymbolRule[]): NormalisedSymbol {
  let value = name;
  let unusable: string | null = null;
  for (const r of rules) {
    let matched = false;
    value = value.replace(r.pattern, (match: string, ...groups: (string | undefined)[]) => {
      matched = true;
      return r.replace(match, ...groups);
    });
    // A rule that matched marks the frame even when its replacement reads the same.
    if (matched && unusable === null) unusable = r.unusable;
  }
  return { name: value, unusable };
}
