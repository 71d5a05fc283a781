import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { statfsSync } from 'node:fs';
import pg from 'pg';
import { createLogger } from '../../src/config/logger';
import { ENTITIES } from '../../src/app/modules';
import { initOrm, type Entities } from '../../src/db/orm';
import { pickVersionIndex, type PlatformId } from '../faults/fleet';
import { fleetAndGenerator } from '../faults/generator';
import { Rng } from '../faults/rng';
import { assertLoopbackDatabase } from '../lib/loopback';
import { RECOUNT } from '../../src/signatures/breakdown.sql';
import { versionKey } from '../../src/devices/version-order';
import { SeedVariants, VARIANTS, type Variant } from './aggregate';
import { copyLine, copyRows } from './copy';

export interface SeedOptions {
  reports: number;
  devices: number;
  faults: number;
  seed: number;
  /** Makes serial numbers and clientReportIds unique when seeding one database twice. */
  tag: string;
  /** Reports are spread over this many days back from now. */
  days: number;
}

export interface SeedResult {
  reports: number;
  devices: number;
  signatures: number;
  signatureDevices: number;
  breakdownRows: number;
  seconds: number;
}

/** A generous estimate of the disk a stored report takes (row, TOAST, indexes, WAL). */
export const BYTES_PER_REPORT = 4_000;
const ROW_CHUNK = 20_000;
const STATUSES = [['NEW', 70], ['INVESTIGATING', 15], ['ESCALATED', 5], ['RESOLVED', 7], ['IGNORED', 3]] as const;

/** Devices for N reports: a fleet where a device reports a few hundred faults over the period. */
export const defaultDevices = (reports: number) => Math.max(100, Math.min(50_000, Math.round(reports / 200)));

/**
 * Fills a (migrated, or migrated here) database with a realistic history: devices, signatures,
 * signature_device, signature_breakdown and fault_report rows that agree with each other exactly as
 * if every report had gone through ingest. Reports are rendered while COPY streams them in, so
 * generation (Node) and storage (PostgreSQL) use the two cores at once.
 */
export async function seedDatabase(url: string, o: SeedOptions, log: (line: string) => void): Promise<SeedResult> {
  assertLoopbackDatabase(url);
  const started = performance.now();
  checkDisk(o.reports);
  await ensureMigrated(url, log);

  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    // Rows are consistent by construction, so foreign-key triggers only cost time; needs superuser.
    await db.query(`SET session_replication_role = replica`).then(
      () => log('foreign-key triggers off for this session (rows are consistent by construction)'),
      () => log('not a superuser: foreign keys are checked row by row (slower)'),
    );
    // A bulk load: losing the last commits in a crash means re-running the seed, nothing more.
    await db.query(`SET synchronous_commit = off`);

    const { fleet, generator } = fleetAndGenerator(o.seed, o.devices, o.faults, o.tag);
    const deviceIds = fleet.map(() => randomUUID());
    await insertDevices(db, fleet, deviceIds);
    log(`${fleet.length} devices`);

    const agg = new SeedVariants(generator);
    // Every signature the stream can reach, before the reports that point at them (foreign keys);
    // the ones no report reached are removed again at the end.
    const candidates = await insertSignatures(db, agg.allVariants(), Rng.derive(o.seed, 0x57a7));
    log(`${candidates.length} candidate signatures`);

    const columns = await reportColumns(db);
    const rng = Rng.derive(o.seed, 0x5eed);
    const byPlatform = new Map<PlatformId, number[]>();
    fleet.forEach((d, i) => byPlatform.set(d.platform, [...(byPlatform.get(d.platform) ?? []), i]));
    const now = Date.now();
    const span = o.days * 86_400_000;
    function* reports(): Generator<string> {
      let lastLog = performance.now();
      for (let i = 0; i < o.reports; i++) {
        const fault = generator.drawFault();
        const devices = byPlatform.get(fault.platform);
        const device = devices ? rng.pick(devices) : rng.int(0, fleet.length - 1);
        const v = agg.variant(fault, pickVersionIndex(rng, fault.app), rng.int(0, VARIANTS - 1));
        const occurred = now - Math.floor(rng.next() * span);
        const received = Math.min(now, occurred + rng.int(200, 60_000));
        const d = fleet[device]!;
        const x = v.input;
        const row: ReportRow = {
          id: randomUUID(), device_id: deviceIds[device]!, client_report_id: `${o.tag}-${i.toString(36)}`,
          signature_id: v.signatureId, occurred_at: new Date(occurred).toISOString(),
          received_at: new Date(received).toISOString(), error_code: x.errorCode, severity: x.severity,
          application_name: x.application.name, application_version: x.application.version,
          application_type: x.application.type, application_vendor: x.application.vendor, runtime_name: d.runtime.name,
          runtime_version: d.runtime.version, exception_type: x.exceptionType ?? v.grouping.exceptionType,
          message: x.message ?? null, stack_trace: x.stackTrace ?? null, frames: v.framesJson,
          attributes: v.attributesJson, fingerprint: v.grouping.fingerprint,
        };
        yield copyLine(columns.map((c) => row[c]));
        if ((i & 0xfff) === 0 && performance.now() - lastLog > 5_000) {
          lastLog = performance.now();
          log(`${i} reports (${Math.round(i / ((lastLog - started) / 1000))}/s)`);
        }
      }
    }
    await copyRows(db, 'fault_report', columns, reports());

    const counts = await finishCounts(db, candidates);
    log(`${o.reports} reports, ${counts.signatures} signatures, ${counts.signatureDevices} signature devices; vacuum analyze`);
    // A database that grew over months has been vacuumed and analysed; a fresh bulk load has not.
    await db.query('VACUUM (ANALYZE) device, fault_signature, signature_device, signature_breakdown, fault_report');
    return {
      reports: o.reports,
      devices: fleet.length,
      ...counts,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await db.end();
  }
}

function checkDisk(reports: number): void {
  const fs = statfsSync('/');
  const free = fs.bavail * fs.bsize;
  const need = reports * BYTES_PER_REPORT * 2;
  if (free < need) {
    throw new Error(`seeding ${reports} reports needs about ${(need / 2 ** 30).toFixed(1)} GiB free; ${(free / 2 ** 30).toFixed(1)} GiB are`);
  }
}

/** A database the server never started on gets the server's own migrations. */
export async function ensureMigrated(url: string, log: (line: string) => void): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query<{ t: string | null }>(`SELECT to_regclass('public.fault_report')::text AS t`);
  await c.end();
  if (rows[0]?.t) return;
  log('migrating (the database has no faultbase schema yet)');
  const orm = await initOrm(url, 1, ENTITIES as unknown as Entities, createLogger('silent'), { migrationLock: true });
  await orm.close();
}

async function insertDevices(db: pg.Client, fleet: ReturnType<typeof fleetAndGenerator>['fleet'], ids: string[]): Promise<void> {
  for (let at = 0; at < fleet.length; at += ROW_CHUNK) {
    const part = fleet.slice(at, at + ROW_CHUNK);
    await db.query(
      `INSERT INTO device (id, serial_number, manufacturer, model, firmware_version, runtime_name, runtime_version,
                           status, token_hash, last_seen_at, firmware_version_key)
       SELECT id, s, ma, mo, fw, rn, rv, 'ACTIVE', th, now(), fk
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
           AS t(id, s, ma, mo, fw, rn, rv, th, fk)`,
      [
        ids.slice(at, at + ROW_CHUNK),
        part.map((d) => d.serialNumber),
        part.map((d) => d.manufacturer),
        part.map((d) => d.model),
        part.map((d) => d.firmwareVersion),
        part.map((d) => d.runtime.name),
        part.map((d) => d.runtime.version),
        // Seeded devices have no usable token: their history is data, not clients.
        part.map(() => createHash('sha256').update(randomBytes(32)).digest('hex')),
        part.map((d) => versionKey(d.firmwareVersion)),
      ],
    );
  }
}

/**
 * Inserts the signatures of `variants` (one per fingerprint) with zero counts; ON CONFLICT keeps a
 * signature an earlier seed (or real ingest) made. Returns the ids.
 */
async function insertSignatures(db: pg.Client, variants: Variant[], rng: Rng): Promise<string[]> {
  const unique = [...new Map(variants.map((v) => [v.signatureId, v])).values()];
  const g = unique.map((v) => v.grouping);
  await db.query(
    `INSERT INTO fault_signature (id, fingerprint, grouping_config, title, error_code, exception_type, application_name,
       normalised_message, frames, components, status, report_count, device_count, first_seen_at, last_seen_at)
     SELECT id, fp, gc, ti, ec, et, an, nm, fr, co, st, 0, 0, now(), now()
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                   $9::jsonb[], $10::jsonb[], $11::signature_status[])
         AS t(id, fp, gc, ti, ec, et, an, nm, fr, co, st)
     ON CONFLICT DO NOTHING`,
    [
      unique.map((v) => v.signatureId),
      g.map((x) => x.fingerprint),
      g.map((x) => x.configVersion),
      g.map((x) => x.title),
      unique.map((v) => v.input.errorCode),
      g.map((x) => x.exceptionType),
      unique.map((v) => v.input.application.name),
      g.map((x) => x.normalisedMessage),
      g.map((x) => JSON.stringify(x.frames.filter((f) => f.contributes))),
      g.map((x) => JSON.stringify(x.components)),
      unique.map(() => rng.weighted(STATUSES)),
    ],
  );
  return unique.map((v) => v.signatureId);
}

/** Every fault_report column the seed can fill, as ingest would. */
type ReportRow = Record<(typeof REPORT_COLUMNS)[number], string | null>;
const REPORT_COLUMNS = [
  'id', 'device_id', 'client_report_id', 'signature_id', 'occurred_at', 'received_at', 'error_code', 'severity',
  'application_name', 'application_version', 'application_type', 'application_vendor', 'runtime_name',
  'runtime_version', 'exception_type', 'message', 'stack_trace', 'frames', 'attributes', 'fingerprint',
] as const;

/**
 * The columns of fault_report in this database that the seed knows how to fill. The schema grows
 * with migrations; a new nullable or defaulted column is left to its default, and a new required
 * one stops the seed with a message rather than with a constraint violation halfway through.
 */
async function reportColumns(db: pg.Client): Promise<(typeof REPORT_COLUMNS)[number][]> {
  const { rows } = await db.query<{ column_name: string; is_nullable: string; column_default: string | null }>(
    `SELECT column_name, is_nullable, column_default FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'fault_report'`,
  );
  const known = new Set<string>(REPORT_COLUMNS);
  const required = rows.filter((r) => !known.has(r.column_name) && r.is_nullable === 'NO' && r.column_default === null);
  if (required.length) {
    throw new Error(`fault_report has required columns the seed does not fill: ${required.map((r) => r.column_name).join(', ')} (update bench/seed/seed.ts)`);
  }
  const present = new Set(rows.map((r) => r.column_name));
  return REPORT_COLUMNS.filter((c) => present.has(c));
}


/**
 * The counters, pairs and breakdowns, once every report is in, by the signatures domain's own
 * recount (the rules ingest counts by, written once). A second seed into the same database counts
 * its history with the first's.
 */
async function finishCounts(db: pg.Client, candidates: string[]) {
  for (const statement of RECOUNT) await db.query(statement.text, [candidates]);
  // A signature exists because a report made it: drop the candidates no report reached.
  await db.query(`DELETE FROM fault_signature WHERE id = ANY($1::uuid[]) AND report_count = 0`, [candidates]);
  const { rows } = await db.query<{ signatures: number; pairs: number; breakdowns: number }>(
    `SELECT (SELECT count(*) FROM fault_signature WHERE id = ANY($1::uuid[]))::int AS signatures,
            (SELECT count(*) FROM signature_device WHERE signature_id = ANY($1::uuid[]))::int AS pairs,
            (SELECT count(*) FROM signature_breakdown WHERE signature_id = ANY($1::uuid[]))::int AS breakdowns`,
    [candidates],
  );
  const [c] = rows;
  return { signatures: c!.signatures, signatureDevices: c!.pairs, breakdownRows: c!.breakdowns };
}

/**
 * Checks the invariants ingest maintains, over the whole database: every signature's report and
 * device counts match its rows, and every (signature, device) pair's count matches its reports.
 * Returns the number of rows that disagree (0 is right).
 */
export async function verifySeed(url: string): Promise<{ signatures: number; pairs: number }> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const sig = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM fault_signature s
         LEFT JOIN (SELECT signature_id, count(*) AS rc FROM fault_report GROUP BY 1) r ON r.signature_id = s.id
         LEFT JOIN (SELECT signature_id, count(*) AS dc FROM signature_device GROUP BY 1) d ON d.signature_id = s.id
        WHERE s.report_count <> coalesce(r.rc, 0) OR s.device_count <> coalesce(d.dc, 0)`,
    );
    const pairs = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM signature_device sd
         LEFT JOIN (SELECT signature_id, device_id, count(*) AS rc FROM fault_report GROUP BY 1, 2) r
           ON r.signature_id = sd.signature_id AND r.device_id = sd.device_id
        WHERE sd.report_count <> coalesce(r.rc, 0)`,
    );
    return { signatures: Number(sig.rows[0]!.n), pairs: Number(pairs.rows[0]!.n) };
  } finally {
    await db.end();
  }
}
