import { GraphQLClient } from '../lib/graphql';
import { closedLoop, type LoadResult, type Outcome } from '../lib/load';
import { CpuMeter } from '../lib/proc';
import { cpuMetrics, loadMetrics, reportFaultOp, warnErrors } from './ops';
import type { Metric, ServerScenario } from './types';

/** The fleet's load underneath the attack: busy, not saturated. */
const INGEST_CONCURRENCY = 16;
/** The security review's request: 520,000 aliases of __typename, ~8 MB, without a token. */
const BOMB = JSON.stringify({ query: `{ ${Array.from({ length: 520_000 }, (_, i) => `a${i}: __typename`).join(' ')} }` });
const BOMBS_IN_FLIGHT = 2;
/** Token guesses from one other address, as many in flight as the fleet's requests. */
const GUESSES_IN_FLIGHT = 16;
const ATTACKER_ADDRESS = '127.0.0.2';

/**
 * What an attacker costs the fleet: ingest at concurrency 16 alone, then with oversized queries
 * arriving without a token (refused after 128 KB of the body: PAYLOAD_TOO_LARGE; a token's holder
 * gets QUERY_TOO_COMPLEX before parsing) while /healthz is polled, then with a
 * flood of guessed tokens from another address (throttled: RATE_LIMITED without a lookup once
 * past FAULTBASE_AUTH_FAILURES_PER_MINUTE). Ratios are the fleet's reports/s under attack ÷ alone.
 */
export const abuseScenario: ServerScenario = {
  kind: 'server',
  id: 'abuse',
  title: 'ingest under oversized queries and token guessing',
  backends: ['embedded', 'postgres'],
  async run({ server, client, generator, enrolled, settings }) {
    const timing = { warmupMs: settings.warmupMs, durationMs: settings.durationMs };
    const ingest = () => closedLoop({ concurrency: INGEST_CONCURRENCY, ...timing }, reportFaultOp(client, generator, enrolled.devices, settings.receipt));
    let cpu = new CpuMeter(server.pid);
    const alone = await ingest();
    const aloneCpu = cpu.stop();

    const bomber = new GraphQLClient(server.url, BOMBS_IN_FLIGHT);
    const prober = new GraphQLClient(server.url, 1);
    cpu = new CpuMeter(server.pid);
    const [underBombs, bombs, health] = await Promise.all([
      ingest(),
      closedLoop({ concurrency: BOMBS_IN_FLIGHT, ...timing }, refusedAs(() => bomber.post(BOMB, null), 'PAYLOAD_TOO_LARGE', 'QUERY_TOO_COMPLEX')),
      closedLoop({ concurrency: 1, ...timing }, async (): Promise<Outcome> => {
        const r = await prober.health();
        return { ok: r.status === 200, items: 1, ms: r.ms, ...(r.status === 200 ? {} : { error: `HTTP ${r.status}` }) };
      }),
    ]);
    const bombsCpu = cpu.stop();
    bomber.close();
    prober.close();

    const guesser = new GraphQLClient(server.url, GUESSES_IN_FLIGHT, false, ATTACKER_ADDRESS);
    let guess = 0;
    cpu = new CpuMeter(server.pid);
    const [underGuesses, guesses] = await Promise.all([
      ingest(),
      closedLoop({ concurrency: GUESSES_IN_FLIGHT, ...timing }, refusedAs(() => guesser.post(GUESS, `fbd_guess-${guess++}`), 'UNAUTHENTICATED', 'RATE_LIMITED')),
    ]);
    const guessesCpu = cpu.stop();
    guesser.close();

    for (const [label, r] of [['ingest alone', alone], ['ingest under bombs', underBombs], ['ingest under guesses', underGuesses]] as const) warnErrors(label, r);
    return [
      ...loadMetrics('alone', alone, 'reports'),
      ...cpuMetrics('alone', aloneCpu, alone.itemsPerSecond),
      ...underAttack('bombs', underBombs, alone, bombs),
      ...cpuMetrics('bombs', bombsCpu, underBombs.itemsPerSecond),
      { key: 'bombs.healthz_p99_ms', value: health.p99, unit: 'ms' },
      { key: 'bombs.healthz_max_ms', value: health.max, unit: 'ms' },
      ...underAttack('guesses', underGuesses, alone, guesses),
      ...cpuMetrics('guesses', guessesCpu, underGuesses.itemsPerSecond),
      { key: 'guesses.throttled_share', value: guesses.requests ? (guesses.tally.RATE_LIMITED ?? 0) / guesses.requests : 0, unit: 'share' },
    ];
  },
};

/** What a guesser sends: the token is the guess, the operation anything that needs one. */
const GUESS = JSON.stringify({ query: '{ me { id } }' });

/**
 * An attacker's request, counted as refused when answered with one of the expected codes (tallied
 * by code) or when the server hung up on it (an oversized body without a token: CLOSED).
 */
function refusedAs(send: () => Promise<{ ms: number; errors: { extensions?: { code?: string } }[] | null }>, ...codes: string[]) {
  return async (): Promise<Outcome> => {
    const started = performance.now();
    let r: Awaited<ReturnType<typeof send>>;
    try {
      r = await send();
    } catch {
      return { ok: true, items: 1, ms: performance.now() - started, tally: { CLOSED: 1 } };
    }
    const code = r.errors?.[0]?.extensions?.code ?? 'none';
    return codes.includes(code) ? { ok: true, items: 1, ms: r.ms, tally: { [code]: 1 } } : { ok: false, items: 0, ms: r.ms, error: `answered ${code}` };
  };
}

function underAttack(prefix: string, fleet: LoadResult, alone: LoadResult, attack: LoadResult): Metric[] {
  return [
    ...loadMetrics(prefix, fleet, 'reports'),
    { key: `${prefix}.ratio`, value: alone.itemsPerSecond ? fleet.itemsPerSecond / alone.itemsPerSecond : NaN, unit: '÷ alone' },
    { key: `${prefix}.refused_per_s`, value: attack.itemsPerSecond, unit: 'req/s' },
    { key: `${prefix}.refusal_p50_ms`, value: attack.p50, unit: 'ms' },
    { key: `${prefix}.attack_error_share`, value: attack.requests ? attack.errors / attack.requests : 0, unit: 'share' },
  ];
}
