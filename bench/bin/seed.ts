/**
 * npm run seed -- --reports N [--database-url URL] [--devices D] [--faults F] [--seed S] [--days D]
 *
 * Fills a PostgreSQL database (DATABASE_URL or --database-url, on this machine) with a realistic
 * history, fast, and checks that the counts agree with the rows. The schema is migrated first if the
 * server never ran on the database. The signatures are the bench's and the simulator's (same
 * catalogue for the same --seed and --faults), so later reports land in them.
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_FAULTS } from '../faults/generator';
import { fail, parseFlags } from '../lib/args';
import { defaultDevices, seedDatabase, verifySeed } from '../seed/seed';

const USAGE = 'npm run seed -- --reports N [--database-url postgresql://…] [--devices D] [--faults F] [--seed S] [--days 30] [--no-verify]';

async function main() {
  const f = parseFlags(
    { reports: 0, databaseUrl: process.env.DATABASE_URL ?? '', devices: 0, faults: DEFAULT_FAULTS, seed: 1, days: 30, noVerify: false },
    USAGE,
  );
  if (!f.databaseUrl) fail(`a database is needed: DATABASE_URL or --database-url\nusage: ${USAGE}`);
  if (!Number.isInteger(f.reports) || f.reports < 1) fail(`--reports must be a positive integer\nusage: ${USAGE}`);
  const tag = `seed${randomBytes(3).toString('hex')}`;
  const log = (line: string) => process.stdout.write(`seed: ${line}\n`);
  const r = await seedDatabase(
    f.databaseUrl,
    { reports: f.reports, devices: f.devices || defaultDevices(f.reports), faults: f.faults, seed: f.seed, tag, days: f.days },
    log,
  );
  log(`done in ${r.seconds.toFixed(1)} s (${Math.round(r.reports / r.seconds)} reports/s): ${r.devices} devices, ${r.signatures} signatures, ${r.signatureDevices} signature devices, ${r.breakdownRows} breakdown rows`);
  if (!f.noVerify) {
    const bad = await verifySeed(f.databaseUrl);
    if (bad.signatures || bad.pairs) fail(`seed: counts disagree with rows: ${bad.signatures} signatures, ${bad.pairs} signature devices`);
    log('verified: every signature and (signature, device) count matches its rows');
  }
}

main().catch((err: unknown) => fail(`seed failed: ${(err as Error).stack ?? String(err)}`));
