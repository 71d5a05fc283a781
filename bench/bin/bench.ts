/**
 * npm run bench [-- --runs 5 --duration 3 --only ingest-pg,grouping --quick --profile …]
 *
 * Starts faultbase servers itself (embedded PGlite and PostgreSQL, a fresh database copy per round),
 * drives them with the realistic fault stream, measures the ceilings in the same rounds, and prints
 * medians with their spread; the full record goes to bench/results/<timestamp>.json.
 * Rounds are interleaved (round 1 of every scenario, then round 2, …) so slow drift of the machine
 * spreads over all figures instead of biasing the ones measured last.
 */
// Scenarios load parts of the server (SQL, input classes) whose decorators need the metadata polyfill first.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeFleet } from '../faults/fleet';
import { DEFAULT_FAULTS } from '../faults/generator';
import { Rng } from '../faults/rng';
import { fail, parseFlags } from '../lib/args';
import { selfTimes } from '../lib/profile';
import { scopePostgresCpu, waitForQuiet } from '../lib/proc';
import { stopAllServers } from '../lib/server';
import { select, type Selected } from '../scenarios';
import { BACKEND_SUFFIX, type Backend, type ServerScenario, type Settings, type StandaloneRound, type StandaloneScenario } from '../scenarios/types';
import { EmbeddedTemplate, PostgresTemplate } from '../runner/environment';
import { gitState, machineInfo, PROJECT_ROOT } from '../runner/machine';
import { addRatios, aggregate, evaluate, goals, printReport, writeJson, type RoundValues } from '../runner/report';
import { serverRound, standaloneRound, type RoundRecorder, type Templates } from '../runner/rounds';

const USAGE = `npm run bench -- [--runs 5] [--duration 3] [--warmup 0.5] [--only NAMES] [--quick] [--list]
  [--devices 200] [--faults ${DEFAULT_FAULTS}] [--concurrency 1,16,64] [--batch-size 100] [--batch-concurrency 4]
  [--pool-size 10] [--receipt signature|status] [--growth-reports 1000000] [--growth-faults 1000]
  [--database-url postgresql://postgres@127.0.0.1:5432/postgres] [--profile] [--seed 1] [--quiet-wait 20] [--alert-evaluation-ms 2000]
  durations in seconds; --only takes names, prefixes (ingest, ceiling) or backends (pg, embedded)`;

const DEFAULTS = {
  runs: 5,
  duration: 3,
  warmup: 0.5,
  only: '',
  quick: false,
  list: false,
  devices: 200,
  faults: DEFAULT_FAULTS,
  concurrency: '1,16,64',
  batchSize: 100,
  batchConcurrency: 4,
  poolSize: 10,
  receipt: 'signature',
  growthReports: 1_000_000,
  growthFaults: 1_000,
  databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
  profile: false,
  seed: 1,
  quietWait: 20,
  /** How often round servers evaluate event-less alert rules (the server's default is 60000). */
  alertEvaluationMs: 2000,
};

/** Busy cores (by other processes) under which the machine counts as quiet enough to measure. */
const QUIET_CORES = 0.3;
/** At most this many seconds of waiting for quiet in one bench run. */
const QUIET_BUDGET_S = 60;

/** --quick: one short round on a small fleet, for development; explicit flags still win. */
const QUICK: Partial<typeof DEFAULTS> = { runs: 1, duration: 1.5, warmup: 0.5, devices: 50, growthReports: 20_000, quietWait: 0 };

async function main(): Promise<void> {
  const flags = parseFlags(DEFAULTS, USAGE);
  if (flags.quick) {
    const flag = (k: string) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    const given = (k: string) => process.argv.some((a) => a === flag(k) || a.startsWith(`${flag(k)}=`));
    for (const [k, v] of Object.entries(QUICK)) if (!given(k)) (flags as Record<string, unknown>)[k] = v;
  }
  let selected: Selected[];
  try {
    selected = select(flags.only);
  } catch (err) {
    fail((err as Error).message);
  }
  if (flags.list) {
    process.stdout.write(`${selected.map((s) => `${s.name.padEnd(26)} ${s.scenario.title}`).join('\n')}\n`);
    return;
  }
  if (flags.receipt !== 'signature' && flags.receipt !== 'status') fail(`--receipt must be signature or status\nusage: ${USAGE}`);
  if (!(flags.runs >= 1 && flags.runs <= 50) || !(flags.duration > 0 && flags.duration <= 120)) fail(`--runs 1..50 and --duration 0..120 s\nusage: ${USAGE}`);
  const concurrencies = flags.concurrency.split(',').map(Number);
  if (concurrencies.some((c) => !Number.isInteger(c) || c < 1 || c > 512)) fail(`--concurrency takes integers 1..512\nusage: ${USAGE}`);

  const startedAt = new Date();
  const runId = startedAt.toISOString().replace(/[:.]/g, '-').replace(/-\d+Z$/, 'Z');
  const resultsDir = join(PROJECT_ROOT, 'bench', 'results');
  const settings: Settings = {
    warmupMs: flags.warmup * 1000,
    durationMs: flags.duration * 1000,
    seed: flags.seed,
    faults: flags.faults,
    poolSize: flags.poolSize,
    alertEvaluationMs: flags.alertEvaluationMs,
    receipt: flags.receipt,
    concurrencies,
    batchSize: flags.batchSize,
    batchConcurrency: flags.batchConcurrency,
    growthReports: flags.growthReports,
    growthFaults: Math.max(flags.growthFaults, flags.faults),
    cpuProfileDir: flags.profile ? join(resultsDir, `profiles-${runId}`) : '',
  };
  if (settings.cpuProfileDir) mkdirSync(settings.cpuProfileDir, { recursive: true });
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const adminToken = `bench-admin-${randomBytes(16).toString('hex')}`;

  const server = selected.filter((s): s is Selected & { scenario: ServerScenario; backend: Backend } => s.scenario.kind === 'server');
  const standalone = selected.filter((s): s is Selected & { scenario: StandaloneScenario } => s.scenario.kind === 'standalone');
  const backends = (['embedded', 'postgres'] as const).filter((b) => server.some((s) => s.backend === b));
  const needsPostgres = backends.includes('postgres') || standalone.some((s) => s.scenario.needsPostgres);
  const needsEmbedded = backends.includes('embedded') || standalone.some((s) => s.scenario.needsEmbedded);

  log(`faultbase bench ${runId}: ${selected.map((s) => s.name).join(', ')}`);
  log(`${flags.runs} run(s) × ${flags.duration} s (+${flags.warmup} s warm-up) per figure, ${flags.devices} devices, ${flags.faults} faults, pool ${flags.poolSize}`);

  const templates: Templates = { postgres: null, embedded: null };
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    await stopAllServers();
    for (const c of cleanups.reverse()) await c().catch((err: unknown) => log(`cleanup: ${(err as Error).message}`));
    cleanups.length = 0;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    log(`\n${signal}: stopping servers and dropping bench databases`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const fleet = makeFleet(Rng.derive(flags.seed, 0xf1ee7), flags.devices, `b${runId.slice(2, 10).replace(/-/g, '')}${randomBytes(2).toString('hex')}`);
    if (needsPostgres) {
      log('set-up: PostgreSQL template (migrate, enrol)');
      const prefix = `${runId.slice(0, 19).replace(/[^0-9]/g, '')}_${process.pid}`;
      scopePostgresCpu(`faultbase_bench_${prefix}_`);
      templates.postgres = await PostgresTemplate.create(flags.databaseUrl, prefix, fleet, adminToken, flags.poolSize);
      const dbs = templates.postgres.dbs;
      cleanups.push(() => dbs.dropAll());
    }
    if (needsEmbedded) {
      log('set-up: embedded template (create PGlite data folder, migrate, enrol)');
      templates.embedded = await EmbeddedTemplate.create(fleet, adminToken, flags.poolSize, runId);
      const e = templates.embedded;
      cleanups.push(async () => e.remove());
    }
    const pg = templates.postgres;
    const embedded = templates.embedded;
    const ctxFor = (round: number): StandaloneRound => ({
      round,
      settings,
      postgres: pg ? { dbs: pg.dbs, template: pg.template, enrolled: pg.enrolled, adminToken } : null,
      embedded: embedded ? { copy: (suffix) => embedded.copy(suffix), enrolled: embedded.enrolled, adminToken } : null,
    });
    for (const s of standalone) {
      if (s.scenario.cleanup) cleanups.push(() => s.scenario.cleanup!(ctxFor(0)));
      if (s.scenario.prepare) {
        log(`set-up: ${s.name}`);
        await s.scenario.prepare(ctxFor(0));
      }
    }
    const postgresVersion = pg ? await pg.dbs.serverVersion() : null;

    const units = new Map<string, string>();
    const rounds: RoundValues[] = [];
    // In-process work first (no server running), then each backend, then the standalone ones
    // that start servers of their own.
    const startsServers = (s: Selected & { scenario: StandaloneScenario }) => s.scenario.needsPostgres || s.scenario.needsEmbedded === true;
    const first = standalone.filter((s) => !startsServers(s));
    const last = standalone.filter(startsServers);
    // Before each phase: let other jobs on this shared machine finish their burst (bounded wait).
    // The total wait is bounded too, so a machine that stays busy cannot stretch the run unboundedly.
    let quietBudgetMs = QUIET_BUDGET_S * 1000;
    const quiet = async (what: string) => {
      if (flags.quietWait <= 0 || quietBudgetMs <= 0) return;
      const t0 = performance.now();
      const busy = await waitForQuiet(QUIET_CORES, Math.min(flags.quietWait * 1000, quietBudgetMs));
      quietBudgetMs -= performance.now() - t0;
      if (busy > QUIET_CORES) log(`  (machine busy before ${what}: ${busy.toFixed(2)} cores used by other processes; measuring anyway)`);
    };
    for (let round = 1; round <= flags.runs; round++) {
      log(`round ${round}/${flags.runs}`);
      const rec: RoundRecorder = { values: new Map(), units };
      for (const s of first) {
        await quiet(s.name);
        await standaloneRound(s, ctxFor(round), rec, log);
      }
      for (const b of backends) {
        const scenarios = server.filter((s) => s.backend === b).map((s) => s.scenario);
        await quiet(`the ${b} round`);
        await serverRound(b, round, scenarios, templates, settings, adminToken, rec, log);
      }
      for (const s of last) {
        await quiet(s.name);
        await standaloneRound(s, ctxFor(round), rec, log);
      }
      addRatios(rec.values, units, settings);
      rounds.push(rec.values);
    }

    const figures = aggregate(rounds, units);
    const results = evaluate(figures, goals(settings));
    const elapsed = (Date.now() - startedAt.getTime()) / 1000;
    process.stdout.write(`\nfaultbase bench ${runId}: median of ${flags.runs} run(s), ${flags.duration} s each; ${elapsed.toFixed(0)} s in all\n\n`);
    printReport(figures, results, (s) => process.stdout.write(s));

    const machine = machineInfo(postgresVersion);
    const out = join(resultsDir, `${runId}.json`);
    writeJson(out, {
      schema: 1,
      runId,
      startedAt: startedAt.toISOString(),
      elapsedSeconds: elapsed,
      git: gitState(),
      machine,
      settings: { ...settings, runs: flags.runs, devices: flags.devices, scenarios: selected.map((s) => s.name), backends: backends.map((b) => BACKEND_SUFFIX[b]) },
      figures: Object.fromEntries(figures.map((f) => [f.key, { unit: f.unit, median: f.median, min: f.min, max: f.max, runs: f.runs, values: f.values }])),
      goals: results,
    });
    process.stdout.write(`\nwritten: ${resolve(out)}\n`);
    if (settings.cpuProfileDir) printProfiles(settings.cpuProfileDir);
  } finally {
    await cleanup();
  }
}

function printProfiles(dir: string): void {
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.cpuprofile'))) {
    const s = selfTimes(join(dir, f));
    process.stdout.write(`\nCPU profile ${join(dir, f)}: top self time (${(100 * (1 - s.idle / s.total)).toFixed(0)} % busy)\n`);
    for (const p of s.byPackage.slice(0, 10)) process.stdout.write(`  ${(p.share * 100).toFixed(1).padStart(5)} %  ${p.fn}\n`);
    process.stdout.write('\n');
    for (const t of s.top.slice(0, 20)) process.stdout.write(`  ${(t.share * 100).toFixed(1).padStart(5)} %  ${t.fn}  ${t.where}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
