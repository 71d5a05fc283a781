import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { GraphQLClient } from '../lib/graphql';
import { reportFaults } from '../lib/operations';
import { percentile, sortedCopy } from '../lib/stats';
import { fleetAndGenerator } from '../faults/generator';
import type { EnrolledDevice } from '../lib/enrol';
import type { BenchServer } from '../lib/server';
import { onFreshCopy, onFreshEmbeddedCopy } from './processes';
import type { EnrolledTemplate, Metric, StandaloneRound, StandaloneScenario } from './types';

/** The goal is stated at this rate; the figure says how much of it was reached. */
const TARGET_RATE = 1000;
const MAX_IN_FLIGHT = 128;
/**
 * Reports per request. One report per request tops out at a few hundred per second on this
 * machine (see ingest-pg), well short of the goal's rate; batches of 10 (100 requests/s) reach it
 * and leave the feed, not ingest, as the thing measured.
 */
const BATCH = 10;
const REPORTS = reportFaults('report');
const FEED = `subscription { faultReported { id } }`;

/**
 * Live-feed latency: a technician subscribed to `faultReported` while reports arrive at a paced
 * 1,000/s (open loop, in batches of BATCH from one device each). Latency runs from the moment the report's receipt reached the device to the
 * moment its event reached the subscriber (0 when the event came first: it is published at
 * commit, before the receipt is written). With 1 process the bus is in-process; with 2 processes
 * on one PostgreSQL and Redis, reports go to process A and the subscriber listens on B, so every
 * event crosses Redis.
 */
export const feedScenario: StandaloneScenario = {
  kind: 'standalone',
  id: 'feed',
  title: 'live-feed latency on PostgreSQL, receipt to subscriber (1 and 2 processes)',
  needsPostgres: true,
  async run(ctx) {
    const metrics: Metric[] = [];
    const { enrolled } = ctx.postgres!;
    for (const processes of [1, 2] as const) {
      metrics.push(...(await onFreshCopy(ctx, `feed${processes}_r${ctx.round}`, processes, (servers) => measure(ctx, `p${processes}`, enrolled, servers))));
    }
    return metrics;
  },
};

/**
 * The same on the embedded database: one process (its data folder is its own, so there is no
 * 2-process case) on a fresh copy of the embedded template, figures keyed `p1.*` like feed's.
 */
export const feedEmbeddedScenario: StandaloneScenario = {
  kind: 'standalone',
  id: 'feed-embedded',
  title: 'live-feed latency on the embedded database, receipt to subscriber (1 process)',
  needsPostgres: false,
  needsEmbedded: true,
  run: (ctx) => onFreshEmbeddedCopy(ctx, `feed1_r${ctx.round}`, (server) => measure(ctx, 'p1', ctx.embedded!.enrolled, [server])),
};

/** Reports go to the first server, the subscriber listens on the last (the same one when there is one). */
async function measure(ctx: StandaloneRound, key: string, enrolled: EnrolledTemplate, servers: readonly BenchServer[]): Promise<Metric[]> {
  const [sender, listener] = [servers[0]!, servers[servers.length - 1]!];
  const arrivals = new Map<string, number>();
  const subscriber = await subscribe(listener.url, enrolled.technicianToken, (id) => arrivals.set(id, performance.now()));
  const acks = await sendPaced(sender.url, ctx, enrolled.devices);
  await new Promise((r) => setTimeout(r, 1000)); // late events still count
  subscriber.dispose();
  const latencies = [...acks].map(([id, ack]) => Math.max(0, (arrivals.get(id) ?? NaN) - ack)).filter(Number.isFinite);
  const sorted = sortedCopy(latencies);
  return [
    { key: `${key}.sent_per_s`, value: acks.size / (ctx.settings.durationMs / 1000), unit: 'reports/s' },
    { key: `${key}.latency_p50`, value: percentile(sorted, 50), unit: 'ms' },
    { key: `${key}.latency_p99`, value: percentile(sorted, 99), unit: 'ms' },
    { key: `${key}.missed`, value: acks.size - latencies.length, unit: 'events' },
  ];
}

/** Opens the subscription and resolves once the server acknowledged the connection. */
async function subscribe(url: string, token: string, onEvent: (id: string) => void): Promise<Client> {
  const client = createClient({
    url: url.replace(/^http/, 'ws'), // the bench server's url already ends in /graphql
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
  });
  await new Promise<void>((resolve) => client.on('connected', () => resolve()));
  client.subscribe<{ faultReported: { id: string } }>(
    { query: FEED },
    { next: (r) => r.data && onEvent(r.data.faultReported.id), error: () => undefined, complete: () => undefined },
  );
  await new Promise((r) => setTimeout(r, 200)); // the subscribe message is processed
  return client;
}

/** Sends at TARGET_RATE for the round's duration (bounded in flight); returns receipt times by report id. */
async function sendPaced(url: string, ctx: StandaloneRound, devices: readonly EnrolledDevice[]): Promise<Map<string, number>> {
  const { generator } = fleetAndGenerator(ctx.settings.seed + ctx.round, devices.length, ctx.settings.faults, `feed${ctx.round}-${Date.now()}`);
  const client = new GraphQLClient(url, MAX_IN_FLIGHT);
  const acks = new Map<string, number>();
  const start = performance.now();
  const end = start + ctx.settings.durationMs;
  let sent = 0;
  let inFlight = 0;
  const pending: Promise<void>[] = [];
  while (performance.now() < end) {
    const due = Math.floor(((performance.now() - start) / 1000) * TARGET_RATE);
    while (sent + BATCH <= due && inFlight < MAX_IN_FLIGHT) {
      sent += BATCH;
      inFlight++;
      const device = Math.floor(Math.random() * devices.length);
      const inputs = generator.batch(device, BATCH).map((g) => g.input);
      pending.push(
        client
          .post<{ reportFaults: { status: string; report: { id: string } | null }[] }>(
            JSON.stringify({ query: REPORTS, variables: { inputs } }),
            devices[device]!.token,
          )
          .then((r) => {
            const acked = performance.now();
            for (const receipt of r.data?.reportFaults ?? []) {
              if (receipt.status === 'STORED' && receipt.report) acks.set(receipt.report.id, acked);
            }
          })
          .finally(() => inFlight--),
      );
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(pending);
  client.close();
  return acks;
}
