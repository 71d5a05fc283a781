/**
 * EXPLAIN (ANALYZE, BUFFERS) of the ingest statement with realistic parameters, in the three cases
 * that cost differently: a report opening a new signature, a known signature from a device new to
 * it, and a known signature from a device that reported it before. Runs on a throw-away database
 * (created, migrated with the server's migrations, optionally seeded, dropped):
 *   node dist/bench/tools/explain-ingest.js [--database-url postgresql://…/postgres] [--reports N]
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import pg from 'pg';
import { INGEST_REPORTS } from '../../src/ingest/ingest.sql';
import { makeFleet } from '../faults/fleet';
import { FaultGenerator } from '../faults/generator';
import { Rng } from '../faults/rng';
import { parseFlags } from '../lib/args';
import { ingestStatementParams, prepareIngest } from '../lib/ingest-params';
import { BenchDatabases } from '../lib/postgres';
import { ensureMigrated, seedDatabase } from '../seed/seed';

// pg's parameter serialiser (not in its typings).
const { prepareValue } = createRequire(__filename)('pg/lib/utils') as { prepareValue(v: unknown): unknown };

const f = parseFlags(
  { databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres', reports: 0, seed: 1 },
  'node dist/bench/tools/explain-ingest.js [--database-url URL] [--reports N]',
);

async function main() {
  const dbs = new BenchDatabases(f.databaseUrl, `explain${process.pid}`);
  const db = await dbs.create('x');
  try {
    await ensureMigrated(db.url, () => undefined);
    if (f.reports > 0) await seedDatabase(db.url, { reports: f.reports, devices: Math.max(100, f.reports / 200), faults: 300, seed: f.seed, tag: 'explain', days: 30 }, (l) => process.stderr.write(`seed: ${l}\n`));
    const c = new pg.Client({ connectionString: db.url });
    c.on('error', () => undefined); // dropAll ends it if a case fails
    await c.connect();
    const fleet = makeFleet(new Rng(f.seed), 2, 'explain');
    const ids: string[] = [];
    for (const d of fleet) {
      const id = randomUUID();
      ids.push(id);
      await c.query(
        `INSERT INTO device (id, serial_number, manufacturer, model, firmware_version, runtime_name, runtime_version, status, token_hash, policy_max_reports_per_hour)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'ACTIVE', $8, 1000000)`,
        [id, d.serialNumber, d.manufacturer, d.model, d.firmwareVersion, d.runtime.name, d.runtime.version, randomUUID()],
      );
    }
    // Fault 399 is outside the seeded catalogue (300 faults), so the first case does open a signature.
    const gen = new FaultGenerator({ seed: f.seed, faults: 400, fleet, tag: `e${Date.now()}`, retryRate: 0 });
    const fault = gen.catalogue[399]!;
    // As the server runs it: a named (prepared) statement. After five executions PostgreSQL may
    // switch to a generic plan; warm the statement up on other faults first so the plans below are
    // the ones a long-running server gets. EXECUTE takes literals: pg's own serialiser writes them,
    // as it would the server's bound parameters.
    const literal = (v: unknown) => (v === null || v === undefined ? 'NULL' : c.escapeLiteral(String(prepareValue(v))));
    const execute = (device: number, fault: (typeof gen.catalogue)[number]) =>
      `EXECUTE ingest_reports(${ingestStatementParams(ids[device]!, [prepareIngest(gen.occurrence(device, fault).input)]).map(literal).join(', ')})`;
    await c.query(`PREPARE ingest_reports AS ${INGEST_REPORTS.text}`);
    for (let i = 1; i <= 8; i++) await c.query(execute(0, gen.catalogue[i]!));
    const cases = [
      ['new signature', 0],
      ['known signature, device new to it', 1],
      ['known signature, device seen before', 1],
    ] as const;
    for (const [title, device] of cases) {
      // The statement runs (and commits): its effects set up the next case.
      const { rows } = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${execute(device, fault)}`);
      process.stdout.write(`\n=== ${title}${f.reports ? ` (${f.reports} reports stored)` : ''}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
    }
    await c.end();
  } finally {
    await dbs.dropAll();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
