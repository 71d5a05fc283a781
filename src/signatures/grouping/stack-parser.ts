import { parseExceptionHeader, type StackParser } from './parsers/common';
import { javaParser } from './parsers/java.parser';
import { jsParser } from './parsers/js.parser';
import { nativeParser } from './parsers/native.parser';
import { pythonParser } from './parsers/python.parser';
import { CURRENT_GROUPING_CONFIG } from './grouping-config';
import type { ParseLimits, ParseOptions, ParsedStack } from './types';

/**
 * Turns a raw stack trace into frames, trying the format parsers by priority (the
 * sentry-javascript model). Safety first: the text is cut into at most `maxLines` lines of at most
 * `maxLineLength` characters before any parser or regex sees it, so the cost of parsing is
 * bounded by the limits, whatever a device sends.
 */

/** Highest priority first: Python and Java markers are the most specific, Gecko's `fn@file` the least. */
const PARSERS: readonly StackParser[] = [pythonParser, javaParser, nativeParser, jsParser].sort(
  (a, b) => b.priority - a.priority,
);

export interface SafeLines {
  lines: string[];
  truncated: boolean;
}

/**
 * Splits `text` into lines cut to `maxLineLength`. When there are more than `maxLines`, the first
 * and last halves are kept: the head has the exception header and the crashing frames, the tail
 * the root cause of a Java chain and the innermost frames of a Python traceback.
 */
export function splitSafeLines(text: string, limits: ParseLimits): SafeLines {
  const { maxLines, maxLineLength } = limits;
  // Keep the scanning linear in the limits, not in the size of what was sent.
  const maxChars = maxLines * (maxLineLength + 1);
  const half = (maxChars - 1) >> 1;
  const tooLong = text.length > maxChars;
  const bounded = tooLong ? `${text.slice(0, half)}\n${text.slice(-half)}` : text;
  const lines = readLines(bounded, maxLines + 1, maxLineLength);
  if (lines.length <= maxLines) return { lines, truncated: tooLong };
  const head = lines.slice(0, maxLines >> 1);
  return { lines: head.concat(readTail(bounded, maxLines - head.length, maxLineLength)), truncated: true };
}

function readLines(text: string, count: number, maxLength: number): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start <= text.length && lines.length < count) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lines.push(cutLine(text, start, end, maxLength));
    start = end + 1;
  }
  return lines;
}

function readTail(text: string, count: number, maxLength: number): string[] {
  const lines: string[] = [];
  let end = text.length;
  while (lines.length < count) {
    const newline = end > 0 ? text.lastIndexOf('\n', end - 1) : -1;
    lines.push(cutLine(text, newline + 1, end, maxLength));
    if (newline < 0) break;
    end = newline;
  }
  return lines.reverse();
}

function cutLine(text: string, start: number, end: number, maxLength: number): string {
  // Drop the CR of a CRLF line end.
  const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
  return text.slice(start, Math.min(stop, start + maxLength));
}

function detect(lines: readonly string[], options: ParseOptions): StackParser | null {
  return options.detection === 'evidence' ? detectByEvidence(lines) : detectByFirstLine(lines);
}

/**
 * The format whose frames make up most lines of the trace; on a tie, the higher priority. A
 * message may hold anything (a continuation line starting `at [Source: …`, a quoted traceback),
 * but it cannot outnumber the frames.
 */
function detectByEvidence(lines: readonly string[]): StackParser | null {
  const counts = new Array<number>(PARSERS.length).fill(0);
  let best = -1;
  let lead = 0;
  for (let l = 0; l < lines.length; l++) {
    // Once no other format can catch up with the leader, the rest cannot change the outcome.
    if (best >= 0 && lead > lines.length - l) break;
    const line = lines[l]!.trim();
    if (line === '') continue;
    let changed = false;
    for (let p = 0; p < PARSERS.length; p++) {
      if (PARSERS[p]!.isFrame(line)) {
        counts[p]!++;
        changed = true;
      }
    }
    if (changed) [best, lead] = leader(counts);
  }
  // No frame at all: a header only, which the first-line rule still reads (`Traceback …`, a signal).
  return best >= 0 ? PARSERS[best]! : detectByFirstLine(lines);
}

/** The format with most frames (the higher priority on a tie) and its lead over the next. */
function leader(counts: readonly number[]): [best: number, lead: number] {
  let best = -1;
  let second = 0;
  for (let p = 0; p < counts.length; p++) {
    const n = counts[p]!;
    if (n > 0 && (best < 0 || n > counts[best]!)) {
      if (best >= 0) second = Math.max(second, counts[best]!);
      best = p;
    } else second = Math.max(second, n);
  }
  return [best, best < 0 ? 0 : counts[best]! - second];
}

/** The first line a parser recognises decides the format. */
function detectByFirstLine(lines: readonly string[]): StackParser | null {
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    for (const parser of PARSERS) if (parser.sniff(line)) return parser;
  }
  return null;
}

/**
 * Parses a stack trace of any supported format. Frames come back innermost first. Text in no
 * known format gives no frames; its first line is read as `Type: message` or as the message.
 */
export function parseStackTrace(
  text: string,
  limits: ParseLimits = CURRENT_GROUPING_CONFIG.limits,
  options: ParseOptions = CURRENT_GROUPING_CONFIG.parsing,
): ParsedStack {
  const { lines, truncated } = splitSafeLines(text, limits);
  const parser = detect(lines, options);
  if (parser === null) return unknownStack(lines, truncated);
  const parsed = parser.parse(lines, limits.maxFrames, options);
  return { format: parser.format, ...parsed, truncated: truncated || parsed.truncated };
}

function unknownStack(lines: readonly string[], truncated: boolean): ParsedStack {
  const first = lines.find((line) => line.trim() !== '')?.trim() ?? null;
  const header = first === null ? null : parseExceptionHeader(first);
  return {
    format: 'unknown',
    exceptionType: header?.type ?? null,
    message: header?.type ? header.message : first,
    frames: [],
    truncated,
  };
}
