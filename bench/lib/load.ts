import { percentile, sortedCopy } from './stats';

/** What one operation (one HTTP request, one SQL transaction, one grouping) came to. */
export interface Outcome {
  ok: boolean;
  /** Units of work done: reports stored or answered (a batch counts its reports), queries, traces. */
  items: number;
  ms: number;
  error?: string;
  /** Named counts, e.g. stored / duplicate / newSignature. */
  tally?: Readonly<Record<string, number>>;
  /** Kind of operation in a mix (e.g. `list`, `detail`): latencies are also kept per label. */
  label?: string;
}

export interface LabelStats {
  count: number;
  /** Units of work of the label's successful operations, and its failed ones (e.g. per server process). */
  items: number;
  errors: number;
  p50: number;
  p99: number;
}

export interface LoadResult {
  seconds: number;
  requests: number;
  items: number;
  itemsPerSecond: number;
  requestsPerSecond: number;
  errors: number;
  errorSamples: string[];
  p50: number;
  p99: number;
  max: number;
  tally: Record<string, number>;
  byLabel: Record<string, LabelStats>;
}

export interface LoadOptions {
  concurrency: number;
  /** Requests during the warm-up run but are not counted (JIT, connection pools, prepared statements). */
  warmupMs: number;
  durationMs: number;
  /** A hard bound on operations, on top of the time bound. */
  maxOperations?: number;
}

/**
 * A closed loop: `concurrency` workers, each sending its next request as soon as the previous one
 * is answered, for warm-up plus duration. Throughput and latency count the operations that
 * completed inside the measured window (a completion rate, as in steady state: the warm-up's
 * operations finishing late count, the ones still in flight at the end don't).
 */
export async function closedLoop(opts: LoadOptions, op: (worker: number) => Promise<Outcome>): Promise<LoadResult> {
  const measureFrom = performance.now() + opts.warmupMs;
  const measureTo = measureFrom + opts.durationMs;
  const maxOps = opts.maxOperations ?? 50_000_000;
  const latencies: number[] = [];
  const labelled = new Map<string, { ms: number[]; items: number; errors: number }>();
  const tally: Record<string, number> = {};
  const errorSamples: string[] = [];
  let requests = 0;
  let items = 0;
  let errors = 0;
  let started = 0;

  const worker = async (w: number) => {
    while (performance.now() < measureTo && started++ < maxOps) {
      const t0 = performance.now();
      let outcome: Outcome;
      try {
        outcome = await op(w);
      } catch (err) {
        outcome = { ok: false, items: 0, ms: performance.now() - t0, error: (err as Error).message };
      }
      const t1 = performance.now();
      if (t1 < measureFrom || t1 > measureTo) continue;
      requests++;
      latencies.push(outcome.ms);
      if (outcome.label) {
        const l = labelled.get(outcome.label) ?? { ms: [], items: 0, errors: 0 };
        l.ms.push(outcome.ms);
        if (outcome.ok) l.items += outcome.items;
        else l.errors++;
        labelled.set(outcome.label, l);
      }
      if (!outcome.ok) {
        errors++;
        if (errorSamples.length < 5 && outcome.error) errorSamples.push(outcome.error.slice(0, 300));
        continue;
      }
      items += outcome.items;
      if (outcome.tally) for (const [k, v] of Object.entries(outcome.tally)) tally[k] = (tally[k] ?? 0) + v;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, (_, w) => worker(w)));

  const seconds = opts.durationMs / 1000;
  const sorted = sortedCopy(latencies);
  const byLabel: Record<string, LabelStats> = {};
  for (const [label, l] of labelled) {
    const s = sortedCopy(l.ms);
    byLabel[label] = { count: s.length, items: l.items, errors: l.errors, p50: percentile(s, 50), p99: percentile(s, 99) };
  }
  return {
    seconds,
    requests,
    items,
    itemsPerSecond: items / seconds,
    requestsPerSecond: requests / seconds,
    errors,
    errorSamples,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
    tally,
    byLabel,
  };
}
