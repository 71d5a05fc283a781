import { GraphQLClient } from '../lib/graphql';
import { closedLoop, type LabelStats, type LoadResult, type Outcome } from '../lib/load';
import { CpuMeter } from '../lib/proc';
import type { BenchServer } from '../lib/server';
import { cpuMetrics, loadMetrics, reportFaultOp, reportFaultsOp, roundGenerator, warmUpServer, warnErrors } from './ops';
import { onFreshCopy } from './processes';
import type { Metric, Settings, StandaloneRound, StandaloneScenario } from './types';

/** The processes' names in the figures: `c64.a.reports_per_s`, `c64.b.server_cpu_ms_per_item`. */
const PROCESS_NAMES = ['a', 'b'] as const;

/**
 * Ingest over two server processes on one PostgreSQL and one Redis: what a second process adds,
 * against `ingest-pg` (one process) in the same round. `reportFault` at the highest configured
 * concurrency (64) and `reportFaults` batches at the batch concurrency (4), each split evenly:
 * worker w always talks to process w mod 2, so each process has exactly half the workers.
 *
 * Devices are not pinned to a process: the one report stream (the same generator as `ingest`)
 * picks the device, and whichever worker sends it picks the process, so a device's reports land
 * on both, as behind a round-robin load balancer without affinity (the usual default; devices hold
 * no session that would call for affinity). That is also the less flattering case: both
 * processes' principal caches learn every device's token, and a retry often reaches the other
 * process than its original, so duplicates are caught in PostgreSQL, not by luck in one process.
 */
export const ingestTwoProcessesScenario: StandaloneScenario = {
  kind: 'standalone',
  id: 'ingest-pg2',
  title: 'reportFault and reportFaults over 2 server processes on one PostgreSQL and Redis',
  needsPostgres: true,
  run: (ctx) => onFreshCopy(ctx, `ingest2_r${ctx.round}`, PROCESS_NAMES.length, (servers) => measure(ctx, servers), ctx.settings.cpuProfileDir),
};

async function measure(ctx: StandaloneRound, servers: readonly BenchServer[]): Promise<Metric[]> {
  const { settings } = ctx;
  const { enrolled } = ctx.postgres!;
  const clients = servers.map((s) => new GraphQLClient(s.url, 256));
  try {
    const generator = roundGenerator(settings, enrolled, `r${ctx.round}pg2`);
    // Both processes warm up at once, like ingest-pg's one (JIT, pools, prepared statements).
    await Promise.all(clients.map((c) => warmUpServer(c, generator, enrolled.devices, settings)));
    const c = Math.max(...settings.concurrencies);
    const singles = clients.map((client) => reportFaultOp(client, generator, enrolled.devices, settings.receipt));
    const n = enrolled.devices.length;
    const pick = () => Math.floor(Math.random() * n);
    const batches = clients.map((client) => reportFaultsOp(client, generator, enrolled.devices, settings.receipt, settings.batchSize, pick));
    return [...(await window(`c${c}`, c, singles, servers, settings)), ...(await window(`b${settings.batchSize}`, settings.batchConcurrency, batches, servers, settings))];
  } finally {
    for (const client of clients) client.close();
  }
}

/**
 * One closed-loop window with worker w on process w mod 2 (an odd concurrency gets one worker
 * more, so both processes always have the same number): the figures of both processes together,
 * keyed like ingest-pg's so the ratio compares like with like, then each process's own.
 */
async function window(
  prefix: string,
  concurrency: number,
  ops: readonly (() => Promise<Outcome>)[],
  servers: readonly BenchServer[],
  settings: Settings,
): Promise<Metric[]> {
  const workers = ops.length * Math.ceil(concurrency / ops.length);
  const cpu = new CpuMeter(servers.map((s) => s.pid));
  const r = await closedLoop({ concurrency: workers, warmupMs: settings.warmupMs, durationMs: settings.durationMs }, async (w) => ({
    ...(await ops[w % ops.length]!()),
    label: PROCESS_NAMES[w % ops.length],
  }));
  const used = cpu.stop();
  warnErrors(`${prefix} over ${ops.length} processes`, r);
  return [
    ...loadMetrics(prefix, r, 'reports'),
    // server = both processes' CPU together: per report, comparable with ingest-pg's one process.
    ...cpuMetrics(prefix, used, r.itemsPerSecond),
    ...PROCESS_NAMES.flatMap((name, i) => processMetrics(`${prefix}.${name}`, r, r.byLabel[name], used.servers[i]!)),
  ];
}

/** One process's share of a window: its reports/s and latency, and its CPU (cores, ms per report). */
function processMetrics(prefix: string, r: LoadResult, s: LabelStats | undefined, cores: number): Metric[] {
  const itemsPerSecond = (s?.items ?? 0) / r.seconds;
  const metrics = loadMetrics(prefix, { itemsPerSecond, p50: s?.p50 ?? NaN, p99: s?.p99 ?? NaN, errors: s?.errors ?? 0, requests: s?.count ?? 0, tally: {} }, 'reports');
  metrics.push({ key: `${prefix}.cpu_server`, value: cores, unit: 'cores' });
  if (itemsPerSecond > 0) metrics.push({ key: `${prefix}.server_cpu_ms_per_item`, value: (cores * 1000) / itemsPerSecond, unit: 'cpu ms' });
  return metrics;
}
