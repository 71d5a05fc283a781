/**
 * npm run simulate -- [--devices 50] [--rate 20] [--duration S] [--url http://localhost:4000]
 *
 * A fleet simulator to watch faults flow into a running faultbase: enrols N devices with the admin
 * token (FAULTBASE_ADMIN_TOKEN or --admin-token), then sends the bench's realistic report stream at
 * a steady total rate (open loop: the rate holds even when the server slows down, as a fleet's
 * would) and prints a line per second. Stops on Ctrl-C, or after --duration seconds.
 */
import { randomBytes } from 'node:crypto';
import { makeFleet } from '../faults/fleet';
import { DEFAULT_FAULTS, FaultGenerator } from '../faults/generator';
import { Rng } from '../faults/rng';
import { fail, parseFlags } from '../lib/args';
import { enrolFleet, UNLIMITED_REPORTS_PER_HOUR } from '../lib/enrol';
import { GraphQLClient } from '../lib/graphql';
import { isLoopbackUrl } from '../lib/loopback';
import { reportFault, type ReceiptData } from '../lib/operations';
import { percentile, sortedCopy } from '../lib/stats';

const USAGE = `npm run simulate -- [--devices 50] [--rate 20] [--duration S] [--url http://localhost:4000]
  [--admin-token T (default: FAULTBASE_ADMIN_TOKEN)] [--faults ${DEFAULT_FAULTS}] [--seed N] [--max-in-flight 64]`;

/** Above this the simulator is a load test, which is the bench's job. */
const MAX_RATE = 5_000;
const TICK_MS = 10;

interface Counters {
  sent: number;
  stored: number;
  duplicates: number;
  newSignatures: number;
  errors: number;
  /** Reports not sent because max-in-flight requests were waiting: the server is not keeping up. */
  behind: number;
  latencies: number[];
}

const fresh = (): Counters => ({ sent: 0, stored: 0, duplicates: 0, newSignatures: 0, errors: 0, behind: 0, latencies: [] });

async function main(): Promise<void> {
  const f = parseFlags(
    {
      devices: 50,
      rate: 20,
      duration: 0,
      url: 'http://localhost:4000',
      adminToken: process.env.FAULTBASE_ADMIN_TOKEN ?? '',
      faults: DEFAULT_FAULTS,
      seed: Date.now() % 1_000_000,
      maxInFlight: 64,
      allowRemote: false,
    },
    USAGE,
  );
  if (!f.adminToken) fail(`an admin token is needed: FAULTBASE_ADMIN_TOKEN or --admin-token\nusage: ${USAGE}`);
  if (!(f.rate > 0 && f.rate <= MAX_RATE)) fail(`--rate must be in (0, ${MAX_RATE}] reports/s`);
  if (!(Number.isInteger(f.devices) && f.devices >= 1 && f.devices <= 100_000)) fail('--devices must be 1..100000');
  // Loopback only, unless the operator says otherwise for their own staging server.
  if (!isLoopbackUrl(f.url) && !f.allowRemote) fail(`${f.url} is not a loopback address; the simulator only targets this machine (--allow-remote to override for your own server)`);
  const url = new URL(f.url);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/graphql';
  const client = new GraphQLClient(url.toString(), f.maxInFlight, f.allowRemote);

  const tag = `sim${randomBytes(3).toString('hex')}`;
  const fleet = makeFleet(Rng.derive(f.seed, 0xf1ee7), f.devices, tag);
  process.stdout.write(`enrolling ${f.devices} devices at ${url} …\n`);
  const devices = await enrolFleet(client, f.adminToken, fleet, UNLIMITED_REPORTS_PER_HOUR);
  const generator = new FaultGenerator({ seed: f.seed, faults: f.faults, fleet, tag });
  process.stdout.write(
    `sending ${f.rate} reports/s from ${f.devices} devices (${f.faults} distinct faults, Zipf popularity, 5 % retries)` +
      `${f.duration ? ` for ${f.duration} s` : ''}; Ctrl-C stops\n`,
  );

  const prefix = `{"query":${JSON.stringify(reportFault('signature'))},"variables":{"input":`;
  const total = fresh();
  let second = fresh();
  let inFlight = 0;
  let stopping = false;
  const started = performance.now();
  let scheduled = 0;

  const send = async () => {
    const g = generator.next();
    second.sent++;
    inFlight++;
    try {
      const r = await client.post<{ reportFault: ReceiptData }>(`${prefix}${JSON.stringify(g.input)}}}`, devices[g.device]!.token);
      const receipt = r.data?.reportFault;
      if (r.errors?.length || !receipt) {
        second.errors++;
        if (total.errors + second.errors <= 3) process.stdout.write(`  error: HTTP ${r.status} ${r.errors?.[0]?.message ?? 'no data'}\n`);
        return;
      }
      second.latencies.push(r.ms);
      if (receipt.status === 'STORED') second.stored++;
      if (receipt.status === 'DUPLICATE') second.duplicates++;
      if (receipt.newSignature) second.newSignatures++;
    } catch (err) {
      second.errors++;
      if (total.errors + second.errors <= 3) process.stdout.write(`  error: ${(err as Error).message}\n`);
    } finally {
      inFlight--;
    }
  };

  // Open loop: every tick sends what the rate owes by now.
  const ticker = setInterval(() => {
    if (stopping) return;
    const owed = Math.floor(((performance.now() - started) / 1000) * f.rate) - scheduled;
    for (let i = 0; i < owed; i++) {
      scheduled++;
      if (inFlight >= f.maxInFlight) second.behind++;
      else void send();
    }
  }, TICK_MS);

  const printer = setInterval(() => {
    const s = second;
    second = fresh();
    for (const k of ['sent', 'stored', 'duplicates', 'newSignatures', 'errors', 'behind'] as const) total[k] += s[k];
    const p50 = percentile(sortedCopy(s.latencies), 50);
    const t = Math.round((performance.now() - started) / 1000);
    process.stdout.write(
      `${String(t).padStart(5)} s  sent ${pad(s.sent)}  stored ${pad(s.stored)}  duplicates ${pad(s.duplicates)}  ` +
        `new signatures ${pad(s.newSignatures)}  errors ${pad(s.errors)}` +
        `${s.behind ? `  behind ${s.behind}` : ''}  p50 ${Number.isFinite(p50) ? `${p50.toFixed(0)} ms` : '—'}\n`,
    );
  }, 1000);

  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(ticker);
    // Let requests in flight finish (bounded), so the totals count their answers.
    const deadline = performance.now() + 10_000;
    while (inFlight > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    clearInterval(printer);
    for (const k of ['sent', 'stored', 'duplicates', 'newSignatures', 'errors', 'behind'] as const) total[k] += second[k];
    client.close();
    process.stdout.write(
      `\n${why}: ${total.sent} sent, ${total.stored} stored, ${total.duplicates} duplicates, ${total.newSignatures} new signatures, ` +
        `${total.errors} errors${total.behind ? `, ${total.behind} not sent (server behind)` : ''}\n`,
    );
    process.exit(total.errors > 0 ? 1 : 0);
  };
  process.once('SIGINT', () => void stop('stopped'));
  process.once('SIGTERM', () => void stop('stopped'));
  if (f.duration > 0) setTimeout(() => void stop(`${f.duration} s done`), f.duration * 1000);
}

const pad = (n: number) => String(n).padStart(4);

main().catch((err: unknown) => fail(`simulate failed: ${(err as Error).message}`));
