import { normaliseJsFunction, normaliseScriptPath } from '../symbol-normaliser';
import type { ParsedFrame } from '../types';
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
  parse(lines, maxFrames) {
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
        frames.push(isV8 ? parseV8Frame(line, raw) : parseGeckoFrame(line, raw));
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
  const at = line.indexOf('@');
  if (at < 0 || line.lastIndexOf(' ', at) >= 0) return false;
  const colon = line.lastIndexOf(':');
  return colon > at && isDigits(line.slice(colon + 1));
}

function parseV8Frame(line: string, raw: string): ParsedFrame {
  let body = line.slice(3);
  if (body.startsWith('async ')) body = body.slice(6);
  let name = '';
  let location = body;
  const open = body.endsWith(')') ? body.indexOf(' (') : -1;
  if (open > 0) {
    name = body.slice(0, open);
    location = body.slice(open + 2, -1);
  }
  return scriptFrame(name, location, raw);
}

function parseGeckoFrame(line: string, raw: string): ParsedFrame {
  const at = line.indexOf('@');
  return scriptFrame(line.slice(0, at), line.slice(at + 1), raw);
}

function scriptFrame(name: string, location: string, raw: string): ParsedFrame {
  const fn = normaliseJsFunction(name);
  if (location === 'native' || location === '<anonymous>' || location.startsWith('index ')) {
    return frame(fn, null, NATIVE_FILE, null, raw);
  }
  if (location.startsWith('eval at ')) return frame(fn, null, EVAL_FILE, null, raw);
  const { file, line } = splitLocation(location);
  return frame(fn, null, normaliseScriptPath(file), line, raw);
}
