import { FaultGenerator } from '../faults/generator';
import { GraphQLClient } from '../lib/graphql';
import { closedLoop } from '../lib/load';
import { startServer } from '../lib/server';
import { defaultDevices, seedDatabase } from '../seed/seed';
import { loadMetrics, reportFaultOp, TechnicianMix, warmUpServer, warnErrors } from './ops';
import { queryMetrics } from './queries';
import type { Metric, StandaloneRound, StandaloneScenario } from './types';

const TECHNICIANS = 2;
const GROWTH_DB = 'growth';

/** 1000000 → "1M", 20000 → "20k": metric keys name the database size. */
export function sizeLabel(n: number): string {
  if (n >= 1_000_000 && n % 100_000 === 0) return `${n / 1_000_000}M`;
  if (n >= 1_000 && n % 100 === 0) return `${n / 1_000}k`;
  return String(n);
}

/**
 * How ingest and the console hold up as history accumulates: the same ingest window (reportFault
 * at the headline concurrency) and technician queries (no ingest underneath, to isolate the effect
 * of size) on an empty database and on one seeded with N reports (npm run seed's code). The large
 * database is seeded once and reused by every round; each round adds only a few thousand reports.
 */
export const growthScenario: StandaloneScenario = {
  kind: 'standalone',
  id: 'growth-pg',
  title: 'ingest and queries on an empty vs a large database (PostgreSQL)',
  needsPostgres: true,

  async prepare({ settings, postgres }) {
    if (settings.growthReports <= 0) return;
    const { dbs, template } = postgres!;
    const db = await dbs.create(GROWTH_DB, template);
    const log = (line: string) => process.stderr.write(`  seed: ${line}\n`);
    const r = await seedDatabase(
      db.url,
      {
        reports: settings.growthReports,
        devices: defaultDevices(settings.growthReports),
        faults: settings.growthFaults,
        seed: settings.seed,
        tag: 'growth',
        days: 90,
      },
      log,
    );
    // Not verified here (verifySeed reads every row: ~15 s at 1M); `npm run seed` verifies by default.
    log(`${r.reports} reports in ${r.seconds.toFixed(0)} s (${Math.round(r.reports / r.seconds)}/s)`);
  },

  async run(ctx) {
    const { dbs, template } = ctx.postgres!;
    const metrics: Metric[] = [];
    const empty = await dbs.create(`growth_empty_r${ctx.round}`, template);
    try {
      metrics.push(...(await measure(ctx, empty.url, 'r0')));
    } finally {
      await dbs.drop(empty.name);
    }
    if (ctx.settings.growthReports > 0) {
      metrics.push(...(await measure(ctx, dbs.urlOf(dbs.nameOf(GROWTH_DB)), `r${sizeLabel(ctx.settings.growthReports)}`)));
    }
    return metrics;
  },

  async cleanup({ postgres }) {
    await postgres?.dbs.drop(postgres.dbs.nameOf(GROWTH_DB));
  },
};

async function measure({ settings, postgres, round }: StandaloneRound, url: string, label: string): Promise<Metric[]> {
  const { enrolled, adminToken } = postgres!;
  const server = await startServer({ databaseUrl: url, adminToken, poolSize: settings.poolSize });
  const client = new GraphQLClient(server.url, 256);
  try {
    const generator = new FaultGenerator({ seed: settings.seed, faults: settings.faults, fleet: enrolled.fleet, tag: `g${label}r${round}x${Date.now().toString(36)}` });
    await warmUpServer(client, generator, enrolled.devices, settings);
    const timing = { warmupMs: settings.warmupMs, durationMs: settings.durationMs };
    const c = Math.max(...settings.concurrencies);
    const ingest = await closedLoop({ concurrency: c, ...timing }, reportFaultOp(client, generator, enrolled.devices, settings.receipt));
    warnErrors(`growth ${label} ingest`, ingest);
    const mix = new TechnicianMix(client, enrolled.technicianToken);
    const queries = await closedLoop({ concurrency: TECHNICIANS, ...timing }, mix.op);
    warnErrors(`growth ${label} queries`, queries);
    return [...loadMetrics(`${label}.c${c}`, ingest, 'reports'), ...queryMetrics(queries).map((m) => ({ ...m, key: `${label}.${m.key}` }))];
  } finally {
    client.close();
    await server.stop();
  }
}
