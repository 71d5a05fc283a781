import pg from 'pg';
import { versionKey } from '../../src/devices/version-order';
import { GraphQLClient } from '../lib/graphql';
import { startServer } from '../lib/server';
import { sizeLabel } from './growth';
import type { Metric, StandaloneRound, StandaloneScenario } from './types';

/** Reports per day of seeded history, the same in every size: the 7-day window always holds ~96k. */
const REPORTS_PER_DAY = 5_000_000 / 365;
const SIZES = [1_000_000, 5_000_000] as const;
const DEVICES = 10_000;
const SIGNATURES = 500;
const WINDOW_DAYS = 7;
/** Timed calls per query and round (after one untimed call); the round's figure is their median. */
const CALLS = 5;
const VERSIONS = ['1.4.2', '1.5.0', '1.6.0'];
const dbName = (reports: number) => `stability_${sizeLabel(reports).toLowerCase()}`;

const QUERIES: Record<string, string> = {
  by_model: `fleetStability(from: $f, to: $t, groupBy: MODEL) { value activeDevices faultyDevices faultFreeRate reports reportsPer1000Devices }`,
  by_firmware: `fleetStability(from: $f, to: $t, groupBy: FIRMWARE) { value activeDevices faultyDevices reports }`,
  by_version: `fleetStability(from: $f, to: $t, groupBy: APPLICATION_VERSION, applicationName: "SpaceRacer") { value activeDevices faultyDevices reports }`,
  top10: `topSignatures(from: $f, to: $t, first: 10) { devices reports signature { id title reportCount } }`,
};

/**
 * Fleet stability (issue 13) as history grows: the same 7-day window (the last week) over a history
 * of 1 M and of 5 M reports seeded in SQL at the same rate per day (73 and 365 days), 10,000 devices
 * (each checking in every 14 days, so half of them within the window), 500 signatures. Flat means the 5 M figure is the 1 M one:
 * the statements read the window's reports (BRIN on received_at) and the fleet, not the history.
 * Seeded once (prepare), in received_at order as ingest writes it, then VACUUM ANALYZE.
 */
export const stabilityScenario: StandaloneScenario = {
  kind: 'standalone',
  id: 'stability-pg',
  title: `fleet stability over a ${WINDOW_DAYS}-day window on 1 M and 5 M reports (PostgreSQL)`,
  needsPostgres: true,

  async prepare({ postgres }) {
    const { dbs, template } = postgres!;
    for (const reports of SIZES) {
      const db = await dbs.create(dbName(reports), template);
      const started = performance.now();
      await withClient(db.url, (c) => seed(c, reports));
      process.stderr.write(`  seed: ${reports} reports in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    }
  },

  async run(ctx) {
    const metrics: Metric[] = [];
    for (const reports of SIZES) metrics.push(...(await measure(ctx, ctx.postgres!.dbs.urlOf(ctx.postgres!.dbs.nameOf(dbName(reports))), sizeLabel(reports))));
    return metrics;
  },

  async cleanup({ postgres }) {
    for (const reports of SIZES) await postgres?.dbs.drop(postgres.dbs.nameOf(dbName(reports)));
  },
};

/** Exported for ad hoc runs (EXPLAIN on a kept database); the scenario calls it from prepare. */
export async function seed(c: pg.Client, reports: number): Promise<void> {
  const days = reports / REPORTS_PER_DAY;
  await c.query(
    `INSERT INTO fault_signature (id, fingerprint, grouping_config, title, error_code, application_name, frames, components,
                                  report_count, device_count, first_seen_at, last_seen_at)
     SELECT gen_random_uuid(), 'bench-stability-' || g, 'bench', 'Bench stability fault ' || g, 'E_STAB_' || g, 'SpaceRacer', '[]', '[]', 0, 0, now(), now()
       FROM generate_series(1, $1::int) g`,
    [SIGNATURES],
  );
  await c.query(
    `INSERT INTO device (id, serial_number, manufacturer, model, firmware_version, status, token_hash, last_check_in_at)
     SELECT gen_random_uuid(), 'STAB-' || g, 'Nokia', (ARRAY['N95','E71','K800','6300'])[1 + g % 4], (ARRAY['21.0.0','22.0.0','23.1.0'])[1 + g % 3],
            'ACTIVE', 'bench-stability-' || g, now() - (g % 14) * interval '1 day' - interval '1 hour'
       FROM generate_series(1, $1::int) g`,
    [DEVICES],
  );
  // Every device checks in every 14 days through the whole history (the last of them as above), so
  // the check-in log grows with history as the reports do.
  await c.query(
    `INSERT INTO device_check_in (device_id, checked_in_at)
     SELECT d.id, d.last_check_in_at - k * interval '14 days' FROM device d, generate_series(0, $1::int) k
      WHERE d.serial_number LIKE 'STAB-%' ORDER BY 2`,
    [Math.floor(days / 14)],
  );
  await c.query(
    `INSERT INTO device_application (device_id, name, version, version_key, updated_at)
     SELECT d.id, 'SpaceRacer', v.version, v.key, now()
       FROM device d JOIN (SELECT * FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS v(version, key, n)) v
         ON v.n = 1 + (substr(d.serial_number, 6)::int % 3)
      WHERE d.serial_number LIKE 'STAB-%'`,
    [VERSIONS, VERSIONS.map(versionKey)],
  );
  // Reports in received_at order, in slices of 500k (each its own transaction).
  const SLICE = 500_000;
  for (let first = 1; first <= reports; first += SLICE) {
    await c.query(
      `WITH devs AS (SELECT array_agg(id ORDER BY serial_number) AS ids FROM device WHERE serial_number LIKE 'STAB-%'),
            sigs AS (SELECT array_agg(id ORDER BY fingerprint) AS ids, array_agg(fingerprint ORDER BY fingerprint) AS fps FROM fault_signature WHERE fingerprint LIKE 'bench-stability-%')
       INSERT INTO fault_report (id, device_id, client_report_id, signature_id, fingerprint, occurred_at, received_at, error_code, severity,
                                 application_name, application_version, application_version_key, frames)
       SELECT gen_random_uuid(), devs.ids[1 + (g::bigint * 7919) % $3::int], 'stab-' || g, sigs.ids[1 + (g::bigint * 104729) % $4::int], sigs.fps[1 + (g::bigint * 104729) % $4::int], t, t,
              'E_STAB', (ARRAY['WARNING','ERROR','FATAL'])[1 + g % 3]::severity, 'SpaceRacer', ($6::text[])[1 + (g / 1000) % 3], ($7::text[])[1 + (g / 1000) % 3], '[]'
         FROM devs, sigs, generate_series($1::int, least($1::int + ${SLICE - 1}, $2::int)) g,
              LATERAL (SELECT now() - $5::float8 * interval '1 day' + (g::float8 / $2::float8) * $5::float8 * interval '1 day' AS t) tt`,
      [first, reports, DEVICES, SIGNATURES, days, VERSIONS, VERSIONS.map(versionKey)],
    );
  }
  await c.query('VACUUM ANALYZE');
}

async function measure({ settings, postgres }: StandaloneRound, url: string, label: string): Promise<Metric[]> {
  const { adminToken, enrolled } = postgres!;
  const server = await startServer({ databaseUrl: url, adminToken, poolSize: settings.poolSize });
  const client = new GraphQLClient(server.url, 1);
  const vars = { f: new Date(Date.now() - WINDOW_DAYS * 86_400_000).toISOString(), t: new Date().toISOString() };
  try {
    const metrics: Metric[] = [];
    for (const [name, selection] of Object.entries(QUERIES)) {
      const query = `query($f: DateTimeISO!, $t: DateTimeISO!) { ${selection} }`;
      await client.must(query, vars, enrolled.technicianToken);
      const times: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const started = performance.now();
        await client.must(query, vars, enrolled.technicianToken);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      metrics.push({ key: `r${label}.${name}_ms`, value: times[Math.floor(CALLS / 2)]!, unit: 'ms' });
    }
    return metrics;
  } finally {
    await server.stop();
  }
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
