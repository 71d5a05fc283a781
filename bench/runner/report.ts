import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { summarise, type Summary } from '../lib/stats';
import { sizeLabel } from '../scenarios/growth';
import type { Settings } from '../scenarios/types';

/** One round's numbers: `scenario.window.metric` → value. */
export type RoundValues = Map<string, number>;

export interface Figure extends Summary {
  key: string;
  unit: string;
}

export interface Goal {
  key: string;
  label: string;
  op: '>=' | '<';
  target: number;
}

export interface GoalResult extends Goal {
  median: number;
  met: boolean | null;
}

/**
 * Ratios are taken within a round (ingest and its ceiling measured minutes apart at most, on the
 * same machine state) and then summarised like any figure, so machine noise cancels out of them.
 */
export function addRatios(round: RoundValues, units: Map<string, string>, s: Settings): void {
  const cmax = Math.max(...s.concurrencies);
  const ratio = (key: string, num: string, den: string) => {
    const a = round.get(num);
    const b = round.get(den);
    if (a === undefined || b === undefined || !(b > 0)) return;
    round.set(key, a / b);
    units.set(key, 'ratio');
  };
  for (const c of s.concurrencies) {
    ratio(`ratio.ingest-pg.c${c}.vs_sql_ceiling`, `ingest-pg.c${c}.reports_per_s`, `ceiling-sql.c${c}.reports_per_s`);
  }
  ratio(`ratio.batch-pg.b${s.batchSize}.vs_sql_ceiling`, `batch-pg.b${s.batchSize}.reports_per_s`, `ceiling-sql.b${s.batchSize}.reports_per_s`);
  // What a second server process on the same PostgreSQL adds: two processes ÷ one, same round.
  ratio(`ratio.ingest-pg2.c${cmax}.vs_one_process`, `ingest-pg2.c${cmax}.reports_per_s`, `ingest-pg.c${cmax}.reports_per_s`);
  ratio(`ratio.ingest-pg2.b${s.batchSize}.vs_one_process`, `ingest-pg2.b${s.batchSize}.reports_per_s`, `batch-pg.b${s.batchSize}.reports_per_s`);
  for (const b of ['pg', 'embedded']) {
    ratio(`ratio.ingest-${b}.c${cmax}.vs_graphql_ceiling`, `ingest-${b}.c${cmax}.reports_per_s`, `ceiling-graphql-${b}.token.c${cmax}.ops_per_s`);
    ratio(`ratio.ingest-${b}.c${cmax}.vs_graphql_anonymous`, `ingest-${b}.c${cmax}.reports_per_s`, `ceiling-graphql-${b}.anonymous.c${cmax}.ops_per_s`);
  }
  if (s.growthReports > 0) {
    const big = `r${sizeLabel(s.growthReports)}`;
    ratio(`ratio.growth-pg.${big}.c${cmax}.vs_r0`, `growth-pg.${big}.c${cmax}.reports_per_s`, `growth-pg.r0.c${cmax}.reports_per_s`);
  }
}

/** The goals, stated on the keys this bench produces. */
export function goals(s: Settings): Goal[] {
  const cmax = Math.max(...s.concurrencies);
  return [
    { key: `ingest-pg.c${cmax}.reports_per_s`, label: `PostgreSQL reportFault at c${cmax}`, op: '>=', target: 1500 },
    { key: `ingest-pg.c${cmax}.p99_ms`, label: `PostgreSQL reportFault p99 at c${cmax}`, op: '<', target: 50 },
    { key: `batch-pg.b${s.batchSize}.reports_per_s`, label: `PostgreSQL reportFaults (batches of ${s.batchSize})`, op: '>=', target: 15000 },
    { key: `ratio.ingest-pg.c${cmax}.vs_sql_ceiling`, label: 'ingest / SQL ceiling (1)', op: '>=', target: 0.5 },
    { key: `ingest-embedded.c${cmax}.reports_per_s`, label: `embedded reportFault at c${cmax}`, op: '>=', target: 300 },
    { key: 'grouping.traces_per_s', label: 'grouping, one core', op: '>=', target: 50000 },
    { key: 'grouping-quality.faultbase.pairwise_precision', label: 'grouping on real traces: pairwise precision', op: '>=', target: 0.98 },
    { key: 'grouping-quality.faultbase.bcubed_f1', label: 'grouping on real traces: B-cubed F1', op: '>=', target: 0.92 },
    { key: 'grouping-quality.similar.rr_at_1', label: 'similar signatures: a sibling first (RR@1)', op: '>=', target: 0.7 },
    { key: 'server-pg.peak_rss_mb', label: 'peak RSS, PostgreSQL server', op: '<', target: 400 },
    { key: 'server-embedded.peak_rss_mb', label: 'peak RSS, embedded server', op: '<', target: 400 },
  ];
}

export function aggregate(rounds: readonly RoundValues[], units: Map<string, string>): Figure[] {
  const keys = [...new Set(rounds.flatMap((r) => [...r.keys()]))];
  return keys.map((key) => ({ key, unit: units.get(key) ?? '', ...summarise(rounds.map((r) => r.get(key) ?? NaN)) }));
}

export function evaluate(figures: readonly Figure[], list: readonly Goal[]): GoalResult[] {
  const byKey = new Map(figures.map((f) => [f.key, f]));
  return list.map((g) => {
    const f = byKey.get(g.key);
    if (!f || !Number.isFinite(f.median)) return { ...g, median: NaN, met: null };
    return { ...g, median: f.median, met: g.op === '>=' ? f.median >= g.target : f.median < g.target };
  });
}

export function format(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '—';
  if (unit === 'ratio' || unit === 'share') return `${(value * 100).toFixed(unit === 'ratio' || value < 0.1 ? 1 : 0)} %`;
  if (unit.endsWith('/s') || unit === 'MB' || unit === 'count') return Math.round(value).toLocaleString('en-US');
  if (unit === 'ms') return value < 10 ? value.toFixed(2) : value.toFixed(1);
  if (unit === 'cores') return value.toFixed(2);
  if (unit === 'score') return value.toFixed(3);
  return String(Math.round(value * 100) / 100);
}

/** The main table (throughput, latency, memory, ratios), then CPU per window, then the goals. */
export function printReport(figures: readonly Figure[], results: readonly GoalResult[], write: (s: string) => void): void {
  const main = figures.filter((f) => f.unit !== 'cores' && !f.key.endsWith('_share'));
  const rows = main.map((f) => [f.key, f.unit, format(f.median, f.unit), `${format(f.min, f.unit)} – ${format(f.max, f.unit)}`, String(f.runs)]);
  write(table(['figure', 'unit', 'median', 'spread (min – max)', 'runs'], rows));

  const windows = new Map<string, Record<string, string>>();
  for (const f of figures.filter((x) => x.unit === 'cores')) {
    const at = f.key.lastIndexOf('.');
    const row = windows.get(f.key.slice(0, at)) ?? {};
    row[f.key.slice(at + 5)] = format(f.median, 'cores'); // strip ".cpu_"
    windows.set(f.key.slice(0, at), row);
  }
  if (windows.size) {
    write('\nCPU during each window (cores busy, median; the machine has 2; other = processes not of this bench):\n');
    write(table(['window', 'server', 'postgres', 'bench', 'other'], [...windows].map(([k, r]) => [k, r.server ?? '—', r.postgres ?? '—', r.bench ?? '—', r.other ?? '—'])));
  }
  const errors = figures.filter((f) => f.key.endsWith('error_share') && f.max > 0);
  for (const e of errors) write(`\n! ${e.key}: up to ${format(e.max, 'share')} of requests failed\n`);

  if (!results.some((g) => g.met !== null)) return;
  write('\nGoals:\n');
  write(
    table(
      ['goal', 'target', 'median', 'verdict'],
      results.filter((g) => g.met !== null).map((g) => {
        const unit = figures.find((f) => f.key === g.key)?.unit ?? '';
        return [g.label, `${g.op} ${format(g.target, unit)}`, format(g.median, unit), g.met === null ? 'not measured' : g.met ? 'met' : 'MISSED'];
      }),
    ),
  );
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

export function writeJson(path: string, doc: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`);
}
