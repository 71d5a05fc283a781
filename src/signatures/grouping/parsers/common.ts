import type { FrameFormat, ParseOptions, ParsedFrame, ParsedStack } from '../types';

/**
 * One stack format. The stack parser asks every parser, highest priority first, whether a line
 * looks like one of its frames (`sniff`, cheap string checks only); the first parser to
 * recognise a line parses the whole trace.
 */
export interface StackParser {
  readonly format: FrameFormat;
  readonly priority: number;
  /** `line` is trimmed and already cut to the safe length. */
  sniff(line: string): boolean;
  /**
   * Whether a trimmed line is one of this format's frames, strictly (no line is a frame of two
   * formats): the evidence that detection by evidence counts.
   */
  isFrame(line: string): boolean;
  /** `lines` are cut to the safe length; at most `maxFrames` frames come back, innermost first. */
  parse(lines: readonly string[], maxFrames: number, options: ParseOptions): Omit<ParsedStack, 'format'>;
}

export interface ExceptionHeader {
  type: string | null;
  message: string | null;
}

const NO_HEADER: ExceptionHeader = Object.freeze({ type: null, message: null });

// `pkg.Outer$Inner`, `TypeError`, `requests.exceptions.HTTPError`, then `: message` or nothing.
// The dotted part cannot backtrack badly: `.` is not in [\w$], and the match is anchored.
const HEADER = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)(?: \[[\w-]{1,64}\])?(?::\s?(.*))?$/;
// A bare name (no colon) is a type only if it looks like one: Java ME prints "java.lang.OutOfMemoryError".
const BARE_TYPE = /(?:Error|Exception|Throwable|Interrupt|Exit|Warning|Fault)$/;
const THREAD_PREFIX = 'Exception in thread "';

/**
 * Reads `java.lang.IllegalStateException: boom`, `TypeError: x is undefined`, `KeyError: 'id'`,
 * `Uncaught Error: x`, `Exception in thread "main" java.lang.Error`.
 */
export function parseExceptionHeader(line: string): ExceptionHeader {
  let text = line.trim();
  if (text.startsWith('Uncaught ')) text = text.slice(9);
  if (text.startsWith(THREAD_PREFIX)) {
    const end = text.indexOf('" ', THREAD_PREFIX.length);
    if (end > 0) text = text.slice(end + 2);
  }
  const m = HEADER.exec(text);
  if (m === null) return NO_HEADER;
  const type = m[1];
  // Anything after the type is a `: message` or a Node error code.
  const hasMore = text.length > type.length;
  if (!hasMore && !type.includes('.') && !BARE_TYPE.test(type)) return NO_HEADER;
  const message = m[2] === undefined || m[2] === '' ? null : m[2];
  return { type, message };
}

export function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export interface Location {
  file: string;
  line: number | null;
}

/** `app.js:12:5` → app.js, 12; `Foo.java:7` → Foo.java, 7; `x.c` → x.c, null. */
export function splitLocation(location: string): Location {
  const last = trailingNumber(location, location.length);
  if (last === null) return { file: location, line: null };
  // With two numbers the first is the line, the second the column.
  const first = trailingNumber(location, last.colon);
  return first === null
    ? { file: location.slice(0, last.colon), line: last.value }
    : { file: location.slice(0, first.colon), line: first.value };
}

/** Reads `:123` ending at `end` without slicing; null unless there is a colon and digits. */
function trailingNumber(text: string, end: number): { colon: number; value: number } | null {
  let value = 0;
  let scale = 1;
  let i = end - 1;
  for (; i > 0; i--) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    value += (c - 48) * scale;
    scale *= 10;
  }
  return i > 0 && i < end - 1 && text.charCodeAt(i) === 58 ? { colon: i, value } : null;
}

/** The last path segment, for `/` and `\` separated paths. */
export function basename(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut >= 0 ? path.slice(cut + 1) : path;
}

/** Builds a frame with one shape for every parser (keeps V8's objects monomorphic on the hot path). */
export function frame(
  fn: string,
  module: string | null,
  file: string | null,
  line: number | null,
  raw: string,
  unusable: string | null = null,
): ParsedFrame {
  return { function: fn, module, file, line, raw, unusable };
}

/** Leading whitespace means a line belongs to something above it (a frame, a suppressed cause). */
export function isIndented(line: string): boolean {
  const c = line.charCodeAt(0);
  return c === 32 || c === 9;
}
