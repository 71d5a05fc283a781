import { normaliseJsFunction, normaliseScriptPath } from '../symbol-normaliser';
import type { ParseOptions, ParsedFrame } from '../types';
import { type ExceptionHeader, type StackParser, frame, isDigits, parseExceptionHeader, splitLocation } from './common';

/**
 * JavaScript, innermost first:
 *   TypeError: Cannot read properties of undefined (reading 'x')
 *       at Renderer.draw (/app/src/renderer.js:12:5)         (V8: Node, Chrome, Android WebView)
 *       at async loadLevel (/app/src/level.js:3:1)
 *       at new Game (/app/src/game.js:8:9)
 *       at /app/src/main.js:1:2                               (anonymous)
 *       at Array.forEach (<anonymous>)                        (builtin)
 *   draw@app://game/js/renderer.js:12:5                       (Gecko: KaiOS, Firefox)
 */

/** V8 and Gecko builtins and eval'd code have no file; these names keep them recognisable. */
const NATIVE_FILE = '<native>';
const EVAL_FILE = '<eval>';

export const jsParser: StackParser = {
  format: 'javascript',
  priority: 10,
  sniff(line) {
    return line.startsWith('at ') || isGeckoFrame(line);
  },
  isFrame(line) {
    return isV8Frame(line) || isGeckoFrame(line);
  },
  parse(lines, maxFrames, options) {
    const frames: ParsedFrame[] = [];
    let header: ExceptionHeader | null = null;
    let truncated = false;
    for (const raw of lines) {
      const line = raw.trim();
      if (line === '') continue;
      const isV8 = line.startsWith('at ');
      if (!isV8 && !isGeckoFrame(line)) {
        // The first line before any frame is the header; later text is a multi-line message.
        if (header === null && frames.length === 0) header = readHeader(line);
      } else if (frames.length >= maxFrames) {
        truncated = true;
      } else {
        frames.push(isV8 ? parseV8Frame(line, raw, options) : parseGeckoFrame(line, raw, options));
      }
    }
    return { exceptionType: header?.type ?? null, message: header?.message ?? null, frames, truncated };
  },
};

/** `TypeError: x`, or a line that names no type, which is then all message. */
function readHeader(line: string): ExceptionHeader {
  const header = parseExceptionHeader(line);
  return header.type === null ? { type: null, message: line } : header;
}

/** `fn@file:line:col`, with no space in the function part (`@file.js:1:2` is anonymous). */
function isGeckoFrame(line: string): boolean {
  // Cheapest test first: a Gecko frame ends with its line or column number.
  if (!isDigit(line.charCodeAt(line.length - 1))) return false;
  const at = line.indexOf('@');
  if (at < 0 || line.lastIndexOf(' ', at) >= 0) return false;
  const colon = line.lastIndexOf(':');
  return colon > at && isDigits(line.slice(colon + 1));
}

/**
 * Strictly V8: `at fn (location)` or `at location` where a location is `file:line[:col]`,
 * `<anonymous>`, `native`, `index N` or `eval at …`. Not Java's `at a.B.c(B.java:1)` (no space
 * before the parenthesis), nor a message line such as `at [Source: …; line: 1, column: 2]`.
 */
function isV8Frame(line: string): boolean {
  if (!line.startsWith('at ')) return false;
  const end = line.length;
  if (line.charCodeAt(end - 1) === 41) {
    const open = line.indexOf(' (', 3);
    if (open < 0) return false;
    const from = open + 2;
    return (
      endsWithLineNumber(line, from, end - 1) ||
      line.startsWith('<anonymous>)', from) ||
      line.startsWith('native)', from) ||
      line.startsWith('index ', from) ||
      line.startsWith('eval at ', from)
    );
  }
  return line.indexOf(' ', line.startsWith('at async ') ? 9 : 3) < 0 && endsWithLineNumber(line, 3, end);
}

/** `…:12` or `…:12:5` between `from` and `end`, read without copying. */
function endsWithLineNumber(line: string, from: number, end: number): boolean {
  let i = end - 1;
  while (i >= from && isDigit(line.charCodeAt(i))) i--;
  return i < end - 1 && i > from && line.charCodeAt(i) === 58;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function parseV8Frame(line: string, raw: string, options: ParseOptions): ParsedFrame {
  let body = line.slice(3);
  if (body.startsWith('async ')) body = body.slice(6);
  let name = '';
  let location = body;
  const open = body.endsWith(')') ? body.indexOf(' (') : -1;
  if (open > 0) {
    name = body.slice(0, open);
    location = body.slice(open + 2, -1);
  }
  return scriptFrame(name, location, raw, options);
}

function parseGeckoFrame(line: string, raw: string, options: ParseOptions): ParsedFrame {
  const at = line.indexOf('@');
  return scriptFrame(line.slice(0, at), line.slice(at + 1), raw, options);
}

function scriptFrame(name: string, location: string, raw: string, options: ParseOptions): ParsedFrame {
  const fn = normaliseJsFunction(name);
  if (location === 'native' || location === '<anonymous>' || location.startsWith('index ')) {
    return frame(fn, null, NATIVE_FILE, null, raw);
  }
  if (location.startsWith('eval at ')) return frame(fn, null, EVAL_FILE, null, raw);
  const { file, line } = splitLocation(location);
  return frame(fn, null, normaliseScriptPath(file, options.scriptNames), line, raw);
}
