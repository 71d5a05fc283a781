import { frameKey } from './fingerprint';
import type { StackFrame } from './types';

/**
 * How alike two signatures' faults are, where fingerprints cannot decide (issue 15): a score in
 * [0, 1] and the reason, for suggesting a merge. In the spirit of PDM/Rebucket and TraceSim:
 * frames near the crash matter most, and a frame matched at another depth counts less.
 *
 * - Frames: application frames first (all frames when a trace has none), without the frames
 *   that never identify a fault (generated, unsymbolicated, recursion repeats), at most
 *   MAX_FRAMES from the crash. A frame of A at depth i that B holds at depth j adds
 *   e^(−c·min(i, j)) · e^(−o·|i − j|); the sum is divided by Σ e^(−c·i) over the longer list,
 *   so identical stacks score 1.
 * - The exception type, and the message template's words (Jaccard), count beside the frames.
 */
export interface SimilarityInput {
  exceptionType: string | null;
  normalisedMessage: string | null;
  /** As grouping explained them (GroupingResult.frames or a stored report's frames). */
  frames: readonly Pick<StackFrame, 'function' | 'module' | 'file' | 'inApp' | 'hint'>[];
}

export interface Similarity {
  score: number;
  /** e.g. "same exception type; crashes in the same place (Pool.take); 2 more frames shared; message alike". */
  reason: string;
}

const MAX_FRAMES = 16;
const DEPTH_DECAY = 0.35;
const OFFSET_DECAY = 0.5;
const WEIGHTS = { frames: 0.6, type: 0.25, message: 0.15 } as const;

/** Hints of frames that can never identify a fault: they are left out of the comparison too. */
const NEVER_COMPARED = ['ignored: synthetic', 'ignored: unsymbolicated', 'ignored: repeated by recursion', 'ignored: where the stack ran out'];

/** The frames a comparison reads: their keys, crash first. */
export function comparableFrames(frames: SimilarityInput['frames']): string[] {
  const usable = frames.filter((f) => f.hint === null || !NEVER_COMPARED.some((h) => f.hint!.startsWith(h)));
  const app = usable.filter((f) => f.inApp);
  return (app.length > 0 ? app : usable).slice(0, MAX_FRAMES).map((f) => frameKey(f as StackFrame));
}

export function similarity(a: SimilarityInput, b: SimilarityInput): Similarity {
  return similarityOfKeys(a, comparableFrames(a.frames), b, comparableFrames(b.frames));
}

/** With the frame keys already read (a caller comparing one signature with many reads its own once). */
export function similarityOfKeys(a: SimilarityInput, aKeys: readonly string[], b: SimilarityInput, bKeys: readonly string[]): Similarity {
  const frames = frameScore(aKeys, bKeys);
  const sameType = a.exceptionType !== null && a.exceptionType === b.exceptionType;
  const message = wordJaccard(a.normalisedMessage, b.normalisedMessage);
  const score = WEIGHTS.frames * frames.score + WEIGHTS.type * (sameType ? 1 : 0) + WEIGHTS.message * message;
  return { score: Math.round(score * 1000) / 1000, reason: reasonOf(sameType, frames, message, aKeys) };
}

interface FrameScore {
  score: number;
  sameCrash: boolean;
  shared: number;
}

function frameScore(a: readonly string[], b: readonly string[]): FrameScore {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return { score: 0, sameCrash: false, shared: 0 };
  const positions = new Map<string, number[]>();
  b.forEach((key, j) => positions.set(key, [...(positions.get(key) ?? []), j]));
  let sum = 0;
  let shared = 0;
  a.forEach((key, i) => {
    const js = positions.get(key);
    if (js === undefined) return;
    // The occurrence nearest in depth.
    const j = js.reduce((best, x) => (Math.abs(x - i) < Math.abs(best - i) ? x : best));
    sum += Math.exp(-DEPTH_DECAY * Math.min(i, j)) * Math.exp(-OFFSET_DECAY * Math.abs(i - j));
    shared++;
  });
  let norm = 0;
  for (let i = 0; i < longer; i++) norm += Math.exp(-DEPTH_DECAY * i);
  return { score: Math.min(1, sum / norm), sameCrash: a[0] !== undefined && a[0] === b[0], shared };
}

function wordJaccard(a: string | null, b: string | null): number {
  if (a === null || b === null) return 0;
  const wa = new Set(a.toLowerCase().split(/\W+/).filter(Boolean));
  const wb = new Set(b.toLowerCase().split(/\W+/).filter(Boolean));
  if (wa.size === 0 && wb.size === 0) return a === b ? 1 : 0;
  let both = 0;
  for (const w of wa) if (wb.has(w)) both++;
  return both / (wa.size + wb.size - both);
}

function reasonOf(sameType: boolean, frames: FrameScore, message: number, aKeys: readonly string[]): string {
  const parts: string[] = [sameType ? 'same exception type' : 'another exception type'];
  if (frames.sameCrash) {
    parts.push(`crashes in the same place (${shortKey(aKeys[0]!)})`);
    if (frames.shared > 1) parts.push(`${frames.shared - 1} more frame${frames.shared > 2 ? 's' : ''} shared`);
  } else if (frames.shared > 0) {
    parts.push(`${frames.shared} frame${frames.shared > 1 ? 's' : ''} shared, not the crashing one`);
  } else {
    parts.push('no frame shared');
  }
  parts.push(message === 1 ? 'same message' : message >= 0.5 ? 'message alike' : message > 0 ? 'message partly alike' : 'other message');
  return parts.join('; ');
}

/** `com.acme.pool.Pool.take` → `Pool.take`; `vsync.c!ring_buffer_push` as it is. */
function shortKey(key: string): string {
  if (key.includes('!')) return key;
  const parts = key.split('.');
  return parts.length > 2 ? parts.slice(-2).join('.') : key;
}
