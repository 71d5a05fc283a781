import type { OutOfAppRules, ParsedFrame } from './types';

/**
 * Decides whether a frame is application code. Runs for every frame on the ingest path, so the
 * prefix tables are indexed by first character once per rule set.
 */

class PrefixIndex {
  private readonly byFirstChar = new Map<number, string[]>();

  constructor(prefixes: readonly string[]) {
    for (const prefix of prefixes) {
      const key = prefix.charCodeAt(0);
      const bucket = this.byFirstChar.get(key);
      if (bucket === undefined) this.byFirstChar.set(key, [prefix]);
      else bucket.push(prefix);
    }
  }

  matches(text: string): boolean {
    const bucket = this.byFirstChar.get(text.charCodeAt(0));
    if (bucket === undefined) return false;
    for (const prefix of bucket) if (text.startsWith(prefix)) return true;
    return false;
  }
}

export class InAppClassifier {
  private readonly functions: PrefixIndex;
  private readonly modules: PrefixIndex;
  private readonly paths: PrefixIndex;
  /** One alternation of literals: a regex scan beats a loop of `includes` several times over. */
  private readonly pathFragments: RegExp | null;

  constructor(rules: OutOfAppRules) {
    this.functions = new PrefixIndex(rules.functionPrefixes);
    this.modules = new PrefixIndex(rules.modulePrefixes);
    this.paths = new PrefixIndex(rules.pathPrefixes);
    this.pathFragments = literalAlternation(rules.pathFragments);
  }

  isInApp(frame: ParsedFrame): boolean {
    if (this.functions.matches(frame.function)) return false;
    if (frame.module !== null && this.modules.matches(frame.module)) return false;
    if (frame.file === null) return true;
    if (this.paths.matches(frame.file)) return false;
    return this.pathFragments === null || !this.pathFragments.test(frame.file);
  }
}

function literalAlternation(literals: readonly string[]): RegExp | null {
  if (literals.length === 0) return null;
  return new RegExp(literals.map((literal) => literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'));
}

const classifiers = new WeakMap<OutOfAppRules, InAppClassifier>();

/** One classifier per (frozen) rule set. */
export function classifierFor(rules: OutOfAppRules): InAppClassifier {
  let classifier = classifiers.get(rules);
  if (classifier === undefined) {
    classifier = new InAppClassifier(rules);
    classifiers.set(rules, classifier);
  }
  return classifier;
}
