import { normaliseJavaSymbol } from '../symbol-normaliser';
import type { ParsedFrame, ParsedStack } from '../types';
import { type StackParser, frame, isDigits, isIndented, parseExceptionHeader, splitLocation } from './common';

/**
 * Java, Android and Java ME traces:
 *   java.lang.IllegalStateException: boom            (header; also `Exception in thread "main" ...`)
 *   \tat com.example.Foo.bar(Foo.java:12)            (also `(Unknown Source)`, `(Native Method)`, `(+12)`)
 *   \t... 3 more
 *   Caused by: java.io.IOException: disk full
 *   \t- com.example.Foo.bar(), bci=12                 (CLDC/phoneME)
 *   TRACE: <at java.lang.NullPointerException>, startApp threw an Exception   (Sun WTK)
 *
 * The frames returned are the root cause's (the last `Caused by:`), completed with the enclosing
 * exception's frames that `... N more` elided, so a cause thrown in a library still reaches the
 * application frames that called it. The outermost exception of a chain comes back beside it as the
 * `wrapper`. `Suppressed:` blocks are skipped.
 */

interface Section {
  type: string | null;
  message: string | null;
  frames: ParsedFrame[];
  /** From `... N more`: the last N frames of the enclosing exception. */
  omitted: number;
  /** Frames were dropped by the cap, so the last ones are not known. */
  truncated: boolean;
}

const CAUSED_BY = 'Caused by:';
const SUPPRESSED = 'Suppressed:';
const WTK_TRACE = 'TRACE: <at ';

export const javaParser: StackParser = {
  format: 'java',
  priority: 30,
  sniff(line) {
    if (line.startsWith('at ')) return isJavaAt(line);
    return line.startsWith(CAUSED_BY) || line.startsWith(WTK_TRACE) || (line.startsWith('- ') && line.includes(', bci='));
  },
  isFrame(line) {
    return line.startsWith('at ') ? isJavaAt(line) : line.startsWith('- ') && line.includes(', bci=');
  },
  parse(lines, maxFrames, options) {
    const state: ParseState = { sections: [], current: null, skipping: false, truncated: false, strict: options.detection === 'evidence' };
    for (const raw of lines) readLine(state, raw, maxFrames);
    return rootCause(state.sections, maxFrames, state.truncated);
  },
};

interface ParseState {
  sections: Section[];
  current: Section | null;
  /** Inside a `Suppressed:` block, whose frames belong to another exception. */
  skipping: boolean;
  truncated: boolean;
  /**
   * Only lines shaped like Java frames are frames; another line starting `at ` continues the
   * message (Jackson's `at [Source: …; line: 1, column: 20]`). Off for configs before it.
   */
  strict: boolean;
}

/**
 * `at a.b.C.m(...)`: no space before the parenthesis, unlike V8's `at fn (file.js:1:2)`. Logback
 * may append packaging data after it: `at a.b.C.m(C.java:1) ~[app.jar:1.0]`.
 */
function isJavaAt(line: string): boolean {
  const open = line.indexOf('(');
  return open > 3 && line.charCodeAt(open - 1) !== 32 && line.indexOf(')', open) > 0;
}

function readLine(state: ParseState, raw: string, maxFrames: number): void {
  const line = raw.trim();
  if (line === '') return;
  if ((line.startsWith('at ') && (!state.strict || isJavaAt(line))) || (line.startsWith('- ') && line.includes('('))) {
    if (!state.skipping) addFrame(state, line, raw, maxFrames);
  } else if (line.startsWith('... ') && line.endsWith(' more')) {
    const n = line.slice(4, -5);
    if (!state.skipping && state.current !== null && isDigits(n)) state.current.omitted = Number(n);
  } else if (line.startsWith(CAUSED_BY)) {
    // An indented cause belongs to a suppressed exception; an unindented one to the main chain.
    if (!isIndented(raw)) state.skipping = false;
    if (!state.skipping) openSection(state, line.slice(CAUSED_BY.length));
  } else if (line.startsWith(SUPPRESSED)) {
    state.skipping = true;
  } else if (line.startsWith(WTK_TRACE)) {
    const end = line.lastIndexOf('>');
    readHeader(state, line.slice(WTK_TRACE.length, end > 0 ? end : undefined));
  } else {
    readHeader(state, line);
  }
}

/** A header names the first exception; other text (logs, message continuation lines) is skipped. */
function readHeader(state: ParseState, text: string): void {
  const current = state.current;
  if (current !== null && (current.frames.length > 0 || current.type !== null)) return;
  const header = parseExceptionHeader(text);
  if (header.type === null) return;
  if (current === null) openSection(state, text);
  else Object.assign(current, header);
}

function openSection(state: ParseState, headerText: string): Section {
  const header = parseExceptionHeader(headerText);
  const section: Section = { type: header.type, message: header.message, frames: [], omitted: 0, truncated: false };
  state.sections.push(section);
  state.current = section;
  return section;
}

/** The cap is per exception, so a huge wrapper trace cannot crowd out its root cause. */
function addFrame(state: ParseState, line: string, raw: string, maxFrames: number): void {
  const section = state.current ?? openSection(state, '');
  if (section.frames.length >= maxFrames) {
    section.truncated = true;
    state.truncated = true;
    return;
  }
  const parsed = line.startsWith('at ') ? parseAtFrame(line, raw) : parseCldcFrame(line, raw);
  if (parsed !== null) section.frames.push(parsed);
}

/** `at java.base/java.lang.Thread.run(Thread.java:833)` */
function parseAtFrame(line: string, raw: string): ParsedFrame | null {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 4 || close < open) return null;
  const location = line.slice(open + 1, close);
  const { file, lineNumber } = readJavaLocation(location);
  return javaFrame(line.slice(3, open).trim(), file, lineNumber, raw);
}

/** `- com.foo.Bar.baz(), bci=12` — CLDC names classes with `/` at times, and has no line numbers. */
function parseCldcFrame(line: string, raw: string): ParsedFrame | null {
  const open = line.indexOf('(');
  if (open < 3) return null;
  return javaFrame(line.slice(2, open).trim().replaceAll('/', '.'), null, null, raw);
}

function readJavaLocation(location: string): { file: string | null; lineNumber: number | null } {
  // "Unknown Source", "Native Method", "SourceFile" (obfuscated builds) and "+12" (KVM bytecode
  // offsets) say nothing about the file.
  if (location === '' || location.startsWith('Unknown Source') || location === 'Native Method' || location.startsWith('+')) {
    return { file: null, lineNumber: null };
  }
  const { file, line } = splitLocation(location);
  return { file: file.startsWith('SourceFile') ? null : file, lineNumber: line };
}

function javaFrame(name: string, file: string | null, line: number | null, raw: string): ParsedFrame {
  const symbol = normaliseJavaSymbol(name);
  // Java 9+ prefixes the class loader and module: "app//com.foo.Main.main", "java.base/java.lang.Thread.run".
  // The hidden-lambda "/0x..." suffix is gone by now, so the last slash ends the prefix.
  const slash = symbol.name.lastIndexOf('/');
  const fn = slash >= 0 ? symbol.name.slice(slash + 1) : symbol.name;
  const dot = fn.lastIndexOf('.');
  return frame(fn, dot > 0 ? fn.slice(0, dot) : null, file, line, raw, symbol.unusable);
}

/** The last exception of the chain, with the frames `... N more` left out put back. */
function rootCause(sections: readonly Section[], maxFrames: number, truncated: boolean): Omit<ParsedStack, 'format'> {
  if (sections.length === 0) return { exceptionType: null, message: null, frames: [], truncated };
  let enclosing: ParsedFrame[] = [];
  let enclosingComplete = true;
  for (const section of sections) {
    // A truncated enclosing trace lacks its last frames: which ones were elided is unknown.
    const elided = section.omitted > 0 && enclosingComplete ? enclosing.slice(Math.max(0, enclosing.length - section.omitted)) : [];
    enclosing = elided.length > 0 ? section.frames.concat(elided) : section.frames;
    enclosingComplete = !section.truncated;
  }
  const root = sections[sections.length - 1];
  const frames = enclosing.length > maxFrames ? enclosing.slice(0, maxFrames) : enclosing;
  const stack: Omit<ParsedStack, 'format'> = { exceptionType: root.type, message: root.message, frames, truncated };
  // Only a chain has a wrapper: a trace without one parses exactly as it did before wrappers counted.
  if (sections.length > 1) stack.wrapper = { type: sections[0].type, frames: sections[0].frames };
  return stack;
}
