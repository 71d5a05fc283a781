import { randomBytes } from 'node:crypto';
import { FaultGenerator, type ReportInput } from '../faults/generator';
import type { EnrolledDevice } from '../lib/enrol';
import type { GraphQLClient, GraphQLResponse } from '../lib/graphql';
import { closedLoop, type Outcome } from '../lib/load';
import {
  EMPTY_OPERATION,
  reportFault,
  reportFaults,
  SIGNATURE_DETAIL,
  SIGNATURE_LIST,
  type ReceiptData,
  type ReceiptSelection,
} from '../lib/operations';
import type { EnrolledTemplate, Metric, Settings } from './types';

/**
 * The operations the load loops repeat. Bodies are built by string concatenation around a
 * pre-serialised query: the generator's share of the bench's CPU should stay small, because on
 * two cores every cycle it spends is one the server and PostgreSQL don't get.
 */

function tallyReceipts(receipts: readonly ReceiptData[]): Record<string, number> {
  let stored = 0;
  let duplicate = 0;
  let newSignature = 0;
  for (const r of receipts) {
    if (r.status === 'STORED') stored++;
    else if (r.status === 'DUPLICATE') duplicate++;
    if (r.newSignature) newSignature++;
  }
  return { stored, duplicate, newSignature };
}

function failure<D>(r: GraphQLResponse<D>): string | null {
  if (r.errors?.length) return `HTTP ${r.status}: ${r.errors.map((e) => e.extensions?.code ?? e.message).join(', ')}: ${r.errors[0]!.message}`;
  if (r.status !== 200 || r.data === null) return `HTTP ${r.status} without data`;
  return null;
}

/**
 * A round's report stream over the enrolled fleet. The tag (plus a random part) keeps its
 * clientReportIds apart from every earlier generator's, so a copy of the template never sees an
 * unintended duplicate.
 */
export function roundGenerator(settings: Settings, enrolled: EnrolledTemplate, tag: string): FaultGenerator {
  return new FaultGenerator({ seed: settings.seed, faults: settings.faults, fleet: enrolled.fleet, tag: `${tag}${randomBytes(3).toString('hex')}` });
}

/** One `reportFault` per request: the stream's next report, from the device the generator chose. */
export function reportFaultOp(client: GraphQLClient, generator: FaultGenerator, devices: readonly EnrolledDevice[], selection: ReceiptSelection) {
  const prefix = `{"query":${JSON.stringify(reportFault(selection))},"variables":{"input":`;
  return async (): Promise<Outcome> => {
    const g = generator.next();
    const r = await client.post<{ reportFault: ReceiptData }>(`${prefix}${JSON.stringify(g.input)}}}`, devices[g.device]!.token);
    const error = failure(r);
    if (error) return { ok: false, items: 0, ms: r.ms, error };
    return { ok: true, items: 1, ms: r.ms, tally: tallyReceipts([r.data!.reportFault]) };
  };
}

/** One `reportFaults` of `size` reports from one device (a device flushing its queue). */
export function reportFaultsOp(
  client: GraphQLClient,
  generator: FaultGenerator,
  devices: readonly EnrolledDevice[],
  selection: ReceiptSelection,
  size: number,
  pickDevice: () => number,
) {
  const prefix = `{"query":${JSON.stringify(reportFaults(selection))},"variables":{"inputs":`;
  return async (): Promise<Outcome> => {
    const device = pickDevice();
    const inputs: ReportInput[] = generator.batch(device, size).map((g) => g.input);
    const r = await client.post<{ reportFaults: ReceiptData[] }>(`${prefix}${JSON.stringify(inputs)}}}`, devices[device]!.token);
    const error = failure(r);
    if (error) return { ok: false, items: 0, ms: r.ms, error };
    return { ok: true, items: r.data!.reportFaults.length, ms: r.ms, tally: tallyReceipts(r.data!.reportFaults) };
  };
}

/** `{ __typename }`: the framework's floor; with a token it includes the per-request auth lookup. */
export function emptyOp(client: GraphQLClient, token: string | null) {
  return async (): Promise<Outcome> => {
    const r = await client.post<{ __typename: string }>(EMPTY_OPERATION, token);
    const error = failure(r);
    return error ? { ok: false, items: 0, ms: r.ms, error } : { ok: true, items: 1, ms: r.ms };
  };
}

interface ListData {
  signatures: { totalCount: number; edges: { node: { id: string } }[] };
}

/**
 * The technician's console: the list, then the detail of one of its signatures, alternately. The
 * two latencies are kept apart (a list and a detail page cost differently).
 */
export class TechnicianMix {
  private ids: string[] = [];
  private turn = 0;

  constructor(
    private readonly client: GraphQLClient,
    private readonly token: string,
  ) {}

  op = async (): Promise<Outcome> => {
    const listTurn = this.ids.length === 0 || this.turn++ % 2 === 0;
    if (listTurn) {
      const r = await this.client.query<ListData>(SIGNATURE_LIST, { first: 50 }, this.token);
      const error = failure(r);
      if (error) return { ok: false, items: 0, ms: r.ms, error, label: 'list' };
      this.ids = r.data!.signatures.edges.map((e) => e.node.id);
      return { ok: true, items: 1, ms: r.ms, label: 'list' };
    }
    // The hot signatures are the ones technicians open; they also have the largest breakdowns.
    const id = this.ids[Math.floor(Math.random() * Math.min(10, this.ids.length))]!;
    const r = await this.client.query<{ signature: { id: string } | null }>(SIGNATURE_DETAIL, { id }, this.token);
    const error = failure(r);
    if (error) return { ok: false, items: 0, ms: r.ms, error, label: 'detail' };
    return { ok: true, items: 1, ms: r.ms, label: 'detail' };
  };
}

/** Throughput, latency and error metrics of one load window, under a key prefix. */
export function loadMetrics(
  prefix: string,
  r: { itemsPerSecond: number; p50: number; p99: number; errors: number; requests: number; tally: Record<string, number> },
  itemUnit: string,
): Metric[] {
  const metrics: Metric[] = [
    { key: `${prefix}.${itemUnit}_per_s`, value: r.itemsPerSecond, unit: `${itemUnit}/s` },
    { key: `${prefix}.p50_ms`, value: r.p50, unit: 'ms' },
    { key: `${prefix}.p99_ms`, value: r.p99, unit: 'ms' },
    { key: `${prefix}.error_share`, value: r.requests ? r.errors / r.requests : 0, unit: 'share' },
  ];
  const answered = (r.tally.stored ?? 0) + (r.tally.duplicate ?? 0);
  if (answered) metrics.push({ key: `${prefix}.duplicate_share`, value: (r.tally.duplicate ?? 0) / answered, unit: 'share' });
  return metrics;
}

/**
 * CPU use during a window, in cores, and per unit of work (ms of CPU per report): which process was
 * the bottleneck, and what a report costs each. The cost per report barely moves when another job
 * shares the machine, where throughput halves: it is the steadiest figure on a noisy machine.
 */
export function cpuMetrics(
  prefix: string,
  cpu: { server: number; postgres: number; bench: number; other: number },
  itemsPerSecond: number,
): Metric[] {
  const out: Metric[] = [{ key: `${prefix}.cpu_bench`, value: cpu.bench, unit: 'cores' }];
  if (Number.isFinite(cpu.server)) out.push({ key: `${prefix}.cpu_server`, value: cpu.server, unit: 'cores' });
  out.push({ key: `${prefix}.cpu_postgres`, value: cpu.postgres, unit: 'cores' }, { key: `${prefix}.cpu_other`, value: cpu.other, unit: 'cores' });
  if (itemsPerSecond > 0) {
    if (Number.isFinite(cpu.server)) out.push({ key: `${prefix}.server_cpu_ms_per_item`, value: (cpu.server * 1000) / itemsPerSecond, unit: 'cpu ms' });
    out.push({ key: `${prefix}.postgres_cpu_ms_per_item`, value: (cpu.postgres * 1000) / itemsPerSecond, unit: 'cpu ms' });
  }
  return out;
}

/** Failed requests are counted in the figures and shown, never dropped silently. */
export function warnErrors(label: string, r: { errors: number; requests: number; errorSamples: string[] }): void {
  if (r.errors === 0) return;
  process.stderr.write(`  ! ${label}: ${r.errors} of ${r.requests} requests failed, e.g. ${r.errorSamples[0] ?? '?'}\n`);
}

/**
 * A fresh server's first seconds are slow (JIT, connection pools filling, statements prepared per
 * connection); this ingest runs before a server's first window and is not measured.
 */
export async function warmUpServer(client: GraphQLClient, generator: FaultGenerator, devices: readonly EnrolledDevice[], settings: Settings) {
  await closedLoop(
    { concurrency: 16, warmupMs: 0, durationMs: Math.max(500, settings.warmupMs * 1.5) },
    reportFaultOp(client, generator, devices, settings.receipt),
  );
}
