import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * COPY … FROM STDIN in PostgreSQL's text format. Measured on this machine: about 10× faster than
 * INSERT … SELECT FROM unnest(arrays), whose array literals PostgreSQL parses slowly (jsonb[] in
 * particular), and than multi-row VALUES, whose statements are expensive to parse and plan.
 */

export type CopyValue = string | number | null;

/** One value in COPY text format: NULL is \N; backslash, tab, newline and CR are escaped. */
function field(v: CopyValue): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  // Most values have nothing to escape; the test is cheaper than four replaces.
  if (!/[\\\t\n\r]/.test(v)) return v;
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

export function copyLine(values: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i ? '\t' : '') + field(values[i]!);
  return `${line}\n`;
}

/**
 * Streams rows into `table(columns)`. `rows` is pulled lazily, so a generator that renders rows
 * runs while PostgreSQL parses the previous ones (the stream's back-pressure keeps memory flat).
 */
export async function copyRows(db: pg.ClientBase, table: string, columns: readonly string[], rows: Iterable<string>): Promise<void> {
  const sink = db.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(batched(rows)), sink);
}

/** Groups lines into ~256 KiB chunks: one stream write per line would cost more than the line. */
function* batched(lines: Iterable<string>): Generator<string> {
  let buf = '';
  for (const line of lines) {
    buf += line;
    if (buf.length > 256 * 1024) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}
