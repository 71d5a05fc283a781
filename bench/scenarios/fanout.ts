import pg from 'pg';
import { GraphQLClient } from '../lib/graphql';
import { startServer } from '../lib/server';
import type { Metric, StandaloneRound, StandaloneScenario } from './types';

/** The affected fleet a resolution is published to. */
export const FAN_OUT_DEVICES = 100_000;
const FAN_OUT_DB = 'fanout';
const SIGNATURE_ID = '0f0f0f0f-0000-4000-8000-00000000fa00';

/**
 * Publishing a resolution to 100,000 affected devices: the request answers at once and the outbox
 * offers it to every device in set-based batches. Measured: the publish request, the time until
 * the last delivery row is committed (counted from the database), the statements and rows the
 * fan-out ran and read (the server's outbox log line), and the server's peak RSS (it must not load
 * the fleet). The fleet is seeded once (SQL), each round publishes on a fresh copy of it.
 */
export const fanOutScenario: StandaloneScenario = {
  kind: 'standalone',
  id: 'fanout-pg',
  title: `publishing a resolution to ${FAN_OUT_DEVICES.toLocaleString('en')} affected devices (PostgreSQL)`,
  needsPostgres: true,

  async prepare({ postgres }) {
    const { dbs, template } = postgres!;
    const db = await dbs.create(FAN_OUT_DB, template);
    await withClient(db.url, async (c) => {
      await c.query(
        `INSERT INTO fault_signature (id, fingerprint, grouping_config, title, error_code, application_name, frames, components,
                                      report_count, device_count, first_seen_at, last_seen_at)
         VALUES ($1, 'bench-fanout', 'bench', 'Bench fan-out fault', 'E_BENCH_FANOUT', 'SpaceRacer', '[]', '[]', $2, $2, now(), now())`,
        [SIGNATURE_ID, FAN_OUT_DEVICES],
      );
      await c.query(
        `WITH d AS (
           INSERT INTO device (id, serial_number, manufacturer, model, status, token_hash)
           SELECT gen_random_uuid(), 'FANOUT-' || g, 'Nokia', 'N95', 'ACTIVE', 'bench-fanout-' || g FROM generate_series(1, $2::int) g
           RETURNING id)
         INSERT INTO signature_device (signature_id, device_id, report_count, first_seen_at, last_seen_at)
         SELECT $1, id, 1, now(), now() FROM d`,
        [SIGNATURE_ID, FAN_OUT_DEVICES],
      );
      await c.query('ANALYZE');
    });
  },

  async run(ctx) {
    const { dbs } = ctx.postgres!;
    const copy = await dbs.create(`fanout_r${ctx.round}`, dbs.nameOf(FAN_OUT_DB));
    try {
      return await measure(ctx, copy.url);
    } finally {
      await dbs.drop(copy.name);
    }
  },

  async cleanup({ postgres }) {
    await postgres?.dbs.drop(postgres.dbs.nameOf(FAN_OUT_DB));
  },
};

async function measure({ settings, postgres }: StandaloneRound, url: string): Promise<Metric[]> {
  const { adminToken, enrolled } = postgres!;
  const server = await startServer({ databaseUrl: url, adminToken, poolSize: settings.poolSize });
  const client = new GraphQLClient(server.url, 4);
  try {
    const created = await client.must<{ createResolution: { id: string } }>(
      `mutation($i: CreateResolutionInput!) { createResolution(input: $i) { id } }`,
      { i: { signatureIds: [SIGNATURE_ID], kind: 'PATCH', title: 'Bench patch', instructions: 'Apply it.' } },
      enrolled.technicianToken,
    );
    const id = created.createResolution.id;
    const started = performance.now();
    await client.must(`mutation($id: ID!) { publishResolution(id: $id) { id } }`, { id }, enrolled.technicianToken);
    const publishMs = performance.now() - started;
    // Time to the last delivery row, as the database sees it (committed rows only).
    const delivered = await withClient(url, async (c) => {
      for (;;) {
        const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM resolution_delivery WHERE resolution_id = $1', [id]);
        if (rows[0]!.n >= FAN_OUT_DEVICES) return performance.now() - started;
        await new Promise((r) => setTimeout(r, 25));
      }
    });
    let work: Record<string, unknown> | undefined;
    for (let i = 0; i < 400 && !work; i++) {
      work = server.outboxWork().find((w) => (w.event as { type?: string } | undefined)?.type === 'RESOLUTION_PUBLISHED');
      if (!work) await new Promise((r) => setTimeout(r, 25));
    }
    return [
      { key: 'publish_ms', value: publishMs, unit: 'ms' },
      { key: 'last_delivery_ms', value: delivered, unit: 'ms' },
      { key: 'statements', value: Number(work?.statements ?? NaN), unit: 'count' },
      { key: 'rows_read', value: Number(work?.rowsRead ?? NaN), unit: 'count' },
      { key: 'peak_rss_mb', value: server.peakRssMiB(), unit: 'MiB' },
    ];
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
