import type { ParseOptions } from './types';

/**
 * Frame normalisers: generated names (Java lambdas, proxies, anonymous classes), compiler clone
 * suffixes, library versions and bundle hashes vary between builds of the same code, so they are
 * replaced or removed before a frame can identify a fault. Like the message rules, these are
 * tables of named regexes, linear by construction, and run on names already cut to a safe length.
 */

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
// A name part between separators that a bundler may have made up: hex, or base-64 (Rollup/Vite's
// `index-BXf3kJqs.js`). Whether it is one is decided by isBuildToken, not by this pattern.
const NAME_PART = /(?<=[.~-])[\w]{8,64}(?=[.-])/g;
// A leading numeric chunk id: webpack's `787.3f2a1b9c.chunk.js` numbers chunks per build.
const CHUNK_ID = /^\d{1,12}(?=\.)/;
// Only web origins: a CDN host varies, while app://, resource:// and the like say where code lives.
const URL_ORIGIN = /^https?:\/\/[^/]*/;

/**
 * Script paths: drop query and fragment, the origin of a URL (CDN hosts vary) and bundler
 * content hashes (`main.3f2a1b9c.chunk.js` → `main.<hash>.chunk.js`). With `build-parts`, also
 * base-64 hashes (`index-BXf3kJqs.js` → `index-<hash>.js`) and numeric chunk ids
 * (`787.3f2a1b9c.chunk.js` → `<id>.<hash>.chunk.js`): every part a new build makes up.
 */
export function normaliseScriptPath(path: string, names: ParseOptions['scriptNames'] = 'hex-hashes'): string {
  let p = path;
  const cut = firstIndexOf(p, '?', '#');
  if (cut >= 0) p = p.slice(0, cut);
  if (p.startsWith('file://')) p = p.slice(7);
  else if (p.startsWith('webpack-internal:///') || p.startsWith('webpack:///')) p = p.slice(p.indexOf(':///') + 4);
  else if (p.startsWith('http')) p = p.replace(URL_ORIGIN, '');
  // Bundlers hash file names, not folders: only the last segment is searched.
  const slash = p.lastIndexOf('/');
  const name = p.slice(slash + 1);
  if (names === 'build-parts') return p.slice(0, slash + 1) + normaliseBuildName(name);
  return name.length < 10 ? p : p.slice(0, slash + 1) + name.replace(BUNDLE_HASH, '<hash>');
}

function normaliseBuildName(name: string): string {
  const hashed = name.length < 10 ? name : name.replace(NAME_PART, (part) => (isBuildToken(part) ? '<hash>' : part));
  return hashed.replace(CHUNK_ID, '<id>');
}

/**
 * A made-up part: it has a digit and a letter (`3f2a1b9c`, `BXf3kJqs`), or it is 8 letters (the
 * length Rollup and Vite use) with two or more capitals after the first (`DkqLxWpa`). Words and
 * camelCase names (`vendors`, `Component`, `userProfile`) are not.
 */
function isBuildToken(part: string): boolean {
  let digit = false;
  let letter = false;
  let innerUpper = 0;
  for (let i = 0; i < part.length; i++) {
    const c = part.charCodeAt(i);
    if (c >= 48 && c <= 57) digit = true;
    else if (c >= 97 && c <= 122) letter = true;
    else if (c >= 65 && c <= 90) {
      letter = true;
      if (i > 0) innerUpper++;
    }
  }
  return (digit && letter) || (part.length === 8 && innerUpper >= 2);
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
