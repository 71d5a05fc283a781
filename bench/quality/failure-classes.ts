/**
 * The classes of failure of issue 15, told from a trace's raw text (never from the engine, which
 * is what is measured): a trace can be in several. Scores per class say where grouping fails.
 */
export type FailureClass = 'multi-line-message' | 'recursion' | 'cause-chain' | 'plain';

export const FAILURE_CLASSES: readonly FailureClass[] = ['multi-line-message', 'recursion', 'cause-chain', 'plain'];

const FRAME = /^\s*(?:at [\w$.<>/]+\(|- [\w$./<>]+\(|File "|#\d)/;

export function failureClasses(trace: string): FailureClass[] {
  const lines = trace.split('\n');
  const classes: FailureClass[] = [];
  // A message that continues past its first line before the first frame (Jackson's `at [Source: …]`).
  const firstFrame = lines.findIndex((line) => FRAME.test(line));
  if (firstFrame > 1 && lines.slice(1, firstFrame).some((line) => line.trim() !== '')) classes.push('multi-line-message');
  // The same frame (without its line number) three times in one exception: a recursion. (Twice is
  // common without one: an overload calling its sibling, a runner's nested `run`.)
  const seen = new Map<string, number>();
  let recursion = false;
  for (const line of lines) {
    if (line.startsWith('Caused by:')) seen.clear();
    if (!FRAME.test(line)) continue;
    const key = line.trim().replace(/\(.*$/, '');
    const count = (seen.get(key) ?? 0) + 1;
    if (count >= 3) recursion = true;
    seen.set(key, count);
  }
  if (recursion) classes.push('recursion');
  if (lines.some((line) => line.startsWith('Caused by:'))) classes.push('cause-chain');
  if (classes.length === 0) classes.push('plain');
  return classes;
}
