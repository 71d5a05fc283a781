import { closedLoop, type LoadResult } from '../lib/load';
import { loadMetrics, reportFaultOp, TechnicianMix, warnErrors } from './ops';
import type { Metric, ServerScenario } from './types';

/** Concurrency of the ingest running underneath the technicians: a busy, not saturated, fleet. */
const INGEST_CONCURRENCY = 16;
/** Two technicians clicking through the console without pause. */
const TECHNICIANS = 2;

/**
 * The technician query mix (signature list of 50, signature detail with breakdowns by application
 * version and model) while devices keep reporting: what a console user feels during ingest.
 */
export const queriesScenario: ServerScenario = {
  kind: 'server',
  id: 'queries',
  title: 'technician queries during ingest',
  backends: ['embedded', 'postgres'],
  async run({ client, generator, enrolled, settings }) {
    const timing = { warmupMs: settings.warmupMs, durationMs: settings.durationMs };
    const mix = new TechnicianMix(client, enrolled.technicianToken);
    const [ingest, queries] = await Promise.all([
      closedLoop({ concurrency: INGEST_CONCURRENCY, ...timing }, reportFaultOp(client, generator, enrolled.devices, settings.receipt)),
      closedLoop({ concurrency: TECHNICIANS, ...timing }, mix.op),
    ]);
    warnErrors('ingest under queries', ingest);
    warnErrors('technician queries', queries);
    return [...loadMetrics(`ingest.c${INGEST_CONCURRENCY}`, ingest, 'reports'), ...queryMetrics(queries)];
  },
};

/** list and detail latencies of a technician mix's load window. */
export function queryMetrics(r: LoadResult): Metric[] {
  const out: Metric[] = [];
  for (const label of ['list', 'detail']) {
    const s = r.byLabel[label];
    out.push({ key: `${label}.p50_ms`, value: s?.p50 ?? NaN, unit: 'ms' }, { key: `${label}.p99_ms`, value: s?.p99 ?? NaN, unit: 'ms' });
  }
  out.push({ key: 'queries.error_share', value: r.requests ? r.errors / r.requests : 0, unit: 'share' });
  return out;
}
