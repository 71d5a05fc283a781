import { createHash } from 'node:crypto';

/**
 * The naive groupings the engine must beat, written from the raw text without the engine's
 * parsers, as a developer would in an afternoon:
 * - type + top frame: the first line's exception type and the first `at …(` line's method;
 * - full trace: the hash of the whole text (every trace its own group unless byte-identical).
 */
export function typeAndTopFrame(trace: string): string {
  const lines = trace.split('\n');
  const header = lines.find((line) => line.trim() !== '')?.trim() ?? '';
  const colon = header.indexOf(': ');
  const type = colon > 0 ? header.slice(0, colon) : header;
  const top = lines.map((line) => line.trim()).find((line) => /^at [\w$.<>/]+\(/.test(line)) ?? '';
  const open = top.indexOf('(');
  return `${type}\n${open > 0 ? top.slice(3, open) : top}`;
}

export function fullTrace(trace: string): string {
  return createHash('sha256').update(trace).digest('hex');
}
