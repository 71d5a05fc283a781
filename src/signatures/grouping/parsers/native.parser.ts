import { normaliseLibraryName, normaliseNativeSymbol } from '../symbol-normaliser';
import type { ParsedFrame } from '../types';
import { type ExceptionHeader, type StackParser, basename, frame, isDigits, splitLocation } from './common';

/**
 * Native backtraces, innermost first as all of them print:
 *   #0  0x00007f3c2a1b2c3d in render_frame (ctx=0x55d1) at src/render.c:212     (gdb)
 *   #1  0x00007f3c2a0b1c2d in __libc_start_main () from /lib/x86_64-linux-gnu/libc.so.6
 *   #2  main (argc=1, argv=0x7ffe) at main.c:10                                     (gdb, no address)
 *   #00 pc 000000000004e7a8  /system/lib64/libc.so (abort+168) (BuildId: ...)     (Android tombstone)
 *   ./app(render_frame+0x1a) [0x55d1c0a0b1c2]                                     (glibc backtrace_symbols)
 * The header, if any, names a signal: "Program received signal SIGSEGV, Segmentation fault.".
 */

const UNSYMBOLICATED = 'unsymbolicated frame';
const SIGNAL = /\b(SIG[A-Z]{2,7})\b/;

export const nativeParser: StackParser = {
  format: 'native',
  priority: 20,
  sniff(line) {
    return isNumberedFrame(line) || isBacktraceSymbol(line);
  },
  isFrame(line) {
    return isNumberedFrame(line) || isBacktraceSymbol(line);
  },
  parse(lines, maxFrames) {
    const frames: ParsedFrame[] = [];
    let header: ExceptionHeader = { type: null, message: null };
    let truncated = false;
    for (const raw of lines) {
      const line = raw.trim();
      if (line === '') continue;
      const isFrame = isNumberedFrame(line) || isBacktraceSymbol(line);
      if (!isFrame) {
        if (frames.length === 0 && header.type === null) header = readHeaderLine(header, line);
      } else if (frames.length >= maxFrames) {
        truncated = true;
      } else {
        frames.push(parseFrame(line, raw));
      }
    }
    return { exceptionType: header.type, message: header.message, frames, truncated };
  },
};

/** `#12 ...`: a hash and a digit. */
function isNumberedFrame(line: string): boolean {
  const c = line.charCodeAt(1);
  return line.charCodeAt(0) === 35 && c >= 48 && c <= 57;
}

/** `path(symbol+0x1a) [0x...]` or `path [0x...]`. */
function isBacktraceSymbol(line: string): boolean {
  return line.endsWith(']') && line.includes(' [0x');
}

function parseFrame(line: string, raw: string): ParsedFrame {
  if (!isNumberedFrame(line)) return parseBacktraceSymbol(line, raw);
  let i = 1;
  while (i < line.length && isDigits(line[i])) i++;
  const rest = line.slice(i).trimStart();
  return rest.startsWith('pc ') ? parseTombstoneFrame(rest, raw) : parseGdbFrame(rest, raw);
}

/** `0x00007f... in func (args) at file.c:12`, `func (args) from /lib/libc.so.6`, `0x... in ?? ()` */
function parseGdbFrame(text: string, raw: string): ParsedFrame {
  let rest = text;
  if (rest.startsWith('0x')) {
    const at = rest.indexOf(' in ');
    rest = at >= 0 ? rest.slice(at + 4) : '??';
  }
  const open = rest.indexOf(' (');
  const name = open >= 0 ? rest.slice(0, open) : firstWord(rest);
  // Arguments may hold anything (strings, nested parentheses): the source or library comes last.
  const at = rest.lastIndexOf(') at ');
  const from = rest.lastIndexOf(') from ');
  const file = at >= 0 && at > from ? splitLocation(rest.slice(at + 5)) : null;
  const library = from >= 0 && from > at ? rest.slice(from + 7).trim() : null;
  return nativeFrame(name, library, file?.file ?? null, file?.line ?? null, raw);
}

/** `pc 000000000004e7a8  /system/lib64/libc.so (abort+168) (BuildId: 1a2b)` */
function parseTombstoneFrame(text: string, raw: string): ParsedFrame {
  const rest = text.slice(3).trimStart();
  const afterPc = rest.slice(firstWord(rest).length).trimStart();
  const open = afterPc.indexOf(' (');
  const library = open >= 0 ? afterPc.slice(0, open) : afterPc;
  const close = open >= 0 ? afterPc.indexOf(')', open) : -1;
  const inner = close > open ? afterPc.slice(open + 2, close) : '';
  const name = inner === '' || inner.startsWith('BuildId:') || inner.startsWith('offset ') ? '??' : stripOffset(inner);
  return nativeFrame(name, library, null, null, raw);
}

/** `./app(render_frame+0x1a) [0x55d1c0a0b1c2]`, `./app() [0x400a29]`, `/lib/libc.so.6(+0x21c87) [0x7f...]` */
function parseBacktraceSymbol(line: string, raw: string): ParsedFrame {
  const head = line.slice(0, line.lastIndexOf(' [0x')).trimEnd();
  const open = head.endsWith(')') ? head.lastIndexOf('(') : -1;
  const library = open >= 0 ? head.slice(0, open) : head;
  const symbol = open >= 0 ? stripOffset(head.slice(open + 1, -1)) : '';
  return nativeFrame(symbol === '' ? '??' : symbol, library, null, null, raw);
}

function nativeFrame(name: string, library: string | null, file: string | null, line: number | null, raw: string): ParsedFrame {
  const fn = name === '' ? '??' : normaliseNativeSymbol(name);
  const module = library === null || library === '' ? null : normaliseLibraryName(basename(library));
  // Without a name only an address is left, and addresses move with every load.
  return frame(fn, module, file, line, raw, fn === '??' ? UNSYMBOLICATED : null);
}

/** `abort+168` → `abort`, `render_frame+0x1a` → `render_frame`; `operator+` stays. */
function stripOffset(symbol: string): string {
  const plus = symbol.lastIndexOf('+');
  if (plus < 0) return symbol;
  const offset = symbol.slice(plus + 1);
  return offset.startsWith('0x') || isDigits(offset) ? symbol.slice(0, plus) : symbol;
}

function firstWord(text: string): string {
  const space = text.indexOf(' ');
  return space >= 0 ? text.slice(0, space) : text;
}

/** The first signal line wins; until there is one, the first text line is the message. */
function readHeaderLine(header: ExceptionHeader, line: string): ExceptionHeader {
  const signal = readSignal(line);
  if (signal !== null) return signal;
  return header.message === null ? { type: null, message: line } : header;
}

/** "Program received signal SIGSEGV, Segmentation fault." → SIGSEGV, "Segmentation fault." */
function readSignal(line: string): ExceptionHeader | null {
  const m = SIGNAL.exec(line);
  if (m === null) return null;
  const comma = line.indexOf(', ', m.index);
  const afterSignal = comma === m.index + m[1].length ? line.slice(comma + 2) : line;
  return { type: m[1], message: afterSignal };
}
