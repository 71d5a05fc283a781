import type { StackFrame } from './types';

/**
 * Grouping rules an operator adds at run time, because no fingerprint is perfect. They are
 * applied at ingest on top of the frozen grouping config:
 * - GROUP_TOGETHER: every report with this error code (in this application, if given) lands in one
 *   signature, whatever its frames or message say.
 * - IGNORE_FRAMES: frames whose function matches the pattern never identify a fault (e.g. a
 *   vendor's utility library that wraps every crash).
 */
export interface GroupTogetherRule {
  id: string;
  applicationName: string | null;
  errorCode: string;
  description: string;
}

export interface IgnoreFramesRule {
  id: string;
  applicationName: string | null;
  /** A glob where `*` stands for any run of characters, e.g. `com.vendor.util.*`. */
  pattern: string;
}

export interface CustomRules {
  groupTogether: readonly GroupTogetherRule[];
  ignoreFrames: readonly CompiledIgnoreRule[];
}

interface CompiledIgnoreRule extends IgnoreFramesRule {
  parts: readonly string[];
}

export const NO_CUSTOM_RULES: CustomRules = { groupTogether: [], ignoreFrames: [] };

export function compileRules(groupTogether: GroupTogetherRule[], ignoreFrames: IgnoreFramesRule[]): CustomRules {
  return {
    groupTogether,
    ignoreFrames: ignoreFrames.map((rule) => ({ ...rule, parts: rule.pattern.split('*') })),
  };
}

export function groupTogetherRuleFor(rules: CustomRules, errorCode: string, application: string) {
  return rules.groupTogether.find(
    (r) => r.errorCode === errorCode && (r.applicationName === null || r.applicationName === application),
  );
}

/** Marks frames that an IGNORE_FRAMES rule matches, before the identifying frames are chosen. */
export function applyIgnoreRules(frames: StackFrame[], rules: CustomRules, application: string): void {
  const active = rules.ignoreFrames.filter((r) => r.applicationName === null || r.applicationName === application);
  if (active.length === 0) return;
  for (const frame of frames) {
    if (frame.hint !== null) continue;
    const rule = active.find((r) => globMatch(r.parts, frame.function));
    if (rule) frame.hint = `ignored: grouping rule ${rule.id} (${rule.pattern})`;
  }
}

/**
 * Glob matching without a regex: literal parts found left to right with indexOf, so the cost is
 * linear in the text per part and no pattern can backtrack catastrophically.
 */
export function globMatch(parts: readonly string[], text: string): boolean {
  if (parts.length === 1) return text === parts[0];
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!text.startsWith(first) || !text.endsWith(last) || text.length < first.length + last.length) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const found = text.indexOf(parts[i]!, at);
    if (found < 0 || found + parts[i]!.length > end) return false;
    at = found + parts[i]!.length;
  }
  return true;
}
