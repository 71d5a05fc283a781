import { groupFault } from './fingerprint';
import { CURRENT_GROUPING_CONFIG } from './grouping-config';
import { normaliseMessage } from './normaliser';
import { parseStackTrace, splitSafeLines } from './stack-parser';

/**
 * Devices send whatever they like. Lines are cut and counted before any regex runs, and no
 * pattern can backtrack badly, so these inputs finish in time linear in the limits. The tests
 * assert that they finish and that the limits hold; they set no time thresholds.
 */
const KIB_64 = 64 * 1024;
const fill = (unit: string): string => unit.repeat(Math.ceil(KIB_64 / unit.length)).slice(0, KIB_64);

const PATHOLOGICAL: [name: string, text: string][] = [
  ['one 64 KiB line of letters', fill('a')],
  ['dotted identifiers with no end', fill('a.')],
  ['Java frames that never close', fill('\tat a.b.C.m(')],
  ['Java headers with colons', fill('java.lang.X: ')],
  ['only newlines', fill('\n')],
  ['only CRLF', fill('\r\n')],
  ['V8 frames with nested parentheses', fill('    at f (((((')],
  ['gdb frames with endless arguments', fill('#0  0x1 in f (a=(b=(c=')],
  ['backtrace_symbols brackets', fill('./a(b+0x1) [0x')],
  ['Python file lines without quotes', fill('  File "')],
  ['unbalanced quotes', fill("'x \"y `z ")],
  ['colons and hex (IPv6 candidates)', fill('1:a:')],
  ['digits and dots (IPv4, floats, versions)', fill('1.2.')],
  ['slashes (paths)', fill('/a')],
  ['at-signs (e-mails, Gecko frames)', fill('a@b.')],
  ['dollars (generated Java names)', fill('$$Lambda$1$')],
  ['URL schemes', fill('a://')],
  ['numbers with units', fill('9a')],
  ['dashes and hex (UUID candidates)', fill('aaaaaaaa-')],
  ['many short Java frames', fill('\tat a.B.c(B.java:1)\n')],
];

describe('safety: pathological 64 KiB inputs', () => {
  it.each(PATHOLOGICAL)('%s: groups within the limits', (_name, text) => {
    expect(text).toHaveLength(KIB_64);
    const result = groupFault({ errorCode: 'E', applicationName: 'A', message: text, stackTrace: text });
    const { limits } = CURRENT_GROUPING_CONFIG;
    expect(result.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(result.frames.length).toBeLessThanOrEqual(limits.maxFrames);
    for (const frame of result.frames) expect(frame.raw.length).toBeLessThanOrEqual(limits.maxLineLength);
    expect(result.title.length).toBeLessThanOrEqual(CURRENT_GROUPING_CONFIG.maxTitleLength);
    expect(normaliseMessage(text).length).toBeLessThanOrEqual(CURRENT_GROUPING_CONFIG.maxMessageLength);
  });
});

describe('safety: limits', () => {
  const limits = { maxLineLength: 20, maxLines: 6, maxFrames: 2 };

  it('cuts every line to the safe length, and strips CR', () => {
    expect(splitSafeLines(`${'x'.repeat(50)}\r\nshort\r\n`, limits)).toEqual({ lines: ['x'.repeat(20), 'short', ''], truncated: false });
  });

  it('keeps the first and last halves of too many lines', () => {
    const text = Array.from({ length: 10 }, (_, i) => `line ${i}`).join('\n');
    expect(splitSafeLines(text, limits)).toEqual({ lines: ['line 0', 'line 1', 'line 2', 'line 7', 'line 8', 'line 9'], truncated: true });
  });

  it('reads at most maxLines × (maxLineLength + 1) characters of a huge single line', () => {
    const { lines, truncated } = splitSafeLines('y'.repeat(10_000_000), limits);
    expect(truncated).toBe(true);
    expect(lines).toEqual(['y'.repeat(20), 'y'.repeat(20)]);
  });

  it('caps the frames and says the stack was truncated', () => {
    const stack = parseStackTrace('java.lang.Error\n\tat a.B.c(B.java:1)\n\tat a.B.d(B.java:2)\n\tat a.B.e(B.java:3)', { ...limits, maxLineLength: 100 });
    expect(stack.frames.map((f) => f.function)).toEqual(['a.B.c', 'a.B.d']);
    expect(stack.truncated).toBe(true);
  });

  it('keeps the innermost Python frames and the exception line of a very long traceback', () => {
    const frames = Array.from({ length: 2000 }, (_, i) => `  File "/app/m.py", line ${i}, in f${i}\n    f()`);
    const text = ['Traceback (most recent call last):', ...frames, 'RecursionError: maximum recursion depth exceeded'].join('\n');
    const stack = parseStackTrace(text);
    expect(stack.exceptionType).toBe('RecursionError');
    expect(stack.frames[0].function).toBe('f1999');
    expect(stack.truncated).toBe(true);
  });

  it('keeps the root cause at the end of a very long Java trace', () => {
    const frames = Array.from({ length: 3000 }, (_, i) => `\tat com.acme.Deep.level${i}(Deep.java:${i})`);
    const text = ['java.lang.RuntimeException: wrapper', ...frames, 'Caused by: java.io.IOException: root', '\tat com.acme.Io.read(Io.java:1)', '\t... 3000 more'].join('\n');
    const stack = parseStackTrace(text);
    expect(stack.exceptionType).toBe('java.io.IOException');
    expect(stack.frames[0].function).toBe('com.acme.Io.read');
  });
});
