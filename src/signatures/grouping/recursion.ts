import type { StackFrame } from './types';

/**
 * Recursion collapsed before frames are chosen (issue 15). The same fault reached at recursion
 * depth 5 or 50 prints the same cycle of frames 5 or 50 times: each run of frames repeated back to
 * back counts once, so depth never splits a fault.
 *
 * A recursion that repeats OVERFLOW_TURNS times or more is read as one that ran out of stack: the
 * frames above it are where the stack happened to end (any frame of the cycle, or whatever the
 * cycle called last), so they are put aside and one whole turn of the cycle, in a rotation fixed by
 * its frames' names, identifies the fault. Runtimes print at most so many frames (the JVM 1024,
 * V8 10 by default) and CPython folds a repeated line into `[Previous line repeated N more times]`,
 * which leaves three copies; both still show here as a run of repeats.
 */
const MAX_CYCLE = 16;
const OVERFLOW_TURNS = 16;
export const REPEATED_HINT = 'ignored: repeated by recursion';
export const STACK_RAN_OUT_HINT = 'ignored: where the stack ran out in a recursion';

export function collapseRecursion(frames: StackFrame[]): void {
  const n = frames.length;
  let i = 0;
  while (i < n - 1) {
    const cycle = cycleAt(frames, i);
    if (cycle === null) {
      i++;
      continue;
    }
    const { length, turns } = cycle;
    // A last, partial turn (cut by the runtime's frame limit) repeats too.
    let end = i + turns * length;
    while (end < n && same(frames[end]!, frames[i + ((end - i) % length)]!)) end++;
    const keep = turns >= OVERFLOW_TURNS ? i + canonicalRotation(frames, i, length) : i;
    if (turns >= OVERFLOW_TURNS) {
      for (let j = 0; j < keep; j++) if (frames[j]!.hint === null) frames[j]!.hint = STACK_RAN_OUT_HINT;
    }
    for (let j = i; j < end; j++) {
      if ((j < keep || j >= keep + length) && frames[j]!.hint === null) frames[j]!.hint = REPEATED_HINT;
    }
    i = end;
  }
}

/** The shortest cycle (up to MAX_CYCLE frames) that starts at `i` and repeats right after itself. */
function cycleAt(frames: readonly StackFrame[], i: number): { length: number; turns: number } | null {
  for (let length = 1; length <= MAX_CYCLE && i + 2 * length <= frames.length; length++) {
    if (!sameRun(frames, i, i + length, length)) continue;
    let turns = 2;
    while (i + (turns + 1) * length <= frames.length && sameRun(frames, i, i + turns * length, length)) turns++;
    return { length, turns };
  }
  return null;
}

function sameRun(frames: readonly StackFrame[], a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (!same(frames[a + k]!, frames[b + k]!)) return false;
  return true;
}

/** Lines differ between turns (a method recurses from two of its lines): identity is the name. */
function same(a: StackFrame, b: StackFrame): boolean {
  return a.function === b.function && a.module === b.module && a.file === b.file;
}

/** The offset in the turn at `i` of its smallest frame name: where a turn starts, whatever the depth. */
function canonicalRotation(frames: readonly StackFrame[], i: number, length: number): number {
  let best = 0;
  for (let k = 1; k < length; k++) {
    const a = frames[i + k]!;
    const b = frames[i + best]!;
    if (a.function < b.function || (a.function === b.function && (a.module ?? '') < (b.module ?? ''))) best = k;
  }
  return best;
}
