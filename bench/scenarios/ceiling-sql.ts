import pg from 'pg';
import { DEVICE_BY_TOKEN } from '../../src/auth/token-lookup';
import { hashToken } from '../../src/auth/token';
import type { Query } from '../../src/db/sql';
import { INGEST_REPORTS, SIGNATURE_MERGED_MEANWHILE, STORED_REPORTS } from '../../src/ingest/ingest.sql';
import { FaultGenerator } from '../faults/generator';
import { ingestStatementParams, prepareIngest, withClientReportId, type Prepared as PreparedReport } from '../lib/ingest-params';
import { closedLoop, type Outcome } from '../lib/load';
import { CpuMeter } from '../lib/proc';
import { cpuMetrics, loadMetrics, warnErrors } from './ops';
import type { EnrolledTemplate, Metric, Settings, StandaloneScenario } from './types';

/**
 * Ceiling (1), the database's limit: exactly the SQL one report costs the server, sent straight
 * from `pg` at the same concurrency and pool size, against a database the server migrated (a copy
 * of the template, with the same enrolled devices). No HTTP, GraphQL, validation or grouping: the
 * grouping is done before the window. Ingest's reports/s divided by this is how much of what
 * PostgreSQL could take the server actually delivers.
 *
 * Per request, like IngestService and the Authenticator: the auth lookup (its own pool checkout)
 * when the device was not looked up in the last 10 s, then INGEST_REPORTS for the request's reports (one statement, no explicit transaction); a
 * duplicate then reads the stored report (STORED_REPORTS).
 */
export const sqlCeilingScenario: StandaloneScenario = {
  kind: 'standalone',
  id: 'ceiling-sql',
  title: 'ingest SQL alone via pg (PostgreSQL)',
  needsPostgres: true,
  async run({ round, settings, postgres }) {
    const { dbs, template, enrolled } = postgres!;
    const db = await dbs.create(`sql_r${round}`, template);
    const pool = new pg.Pool({ connectionString: db.url, max: settings.poolSize });
    pool.on('error', () => undefined); // idle clients are ended when the database is dropped
    try {
      const work = new IngestSql(pool, enrolled, settings, `sql${round}x${Date.now().toString(36)}`);
      const timing = { warmupMs: settings.warmupMs, durationMs: settings.durationMs };
      const metrics: Metric[] = [];
      for (const c of settings.concurrencies) {
        const cpu = new CpuMeter(null);
        const r = await closedLoop({ concurrency: c, ...timing }, () => work.single());
        warnErrors(`SQL ceiling c${c}`, r);
        metrics.push(...loadMetrics(`c${c}`, r, 'reports'), ...cpuMetrics(`c${c}`, cpu.stop(), r.itemsPerSecond));
      }
      const cpu = new CpuMeter(null);
      const r = await closedLoop({ concurrency: settings.batchConcurrency, ...timing }, () => work.batch(settings.batchSize));
      warnErrors('SQL ceiling batch', r);
      metrics.push(...loadMetrics(`b${settings.batchSize}`, r, 'reports'), ...cpuMetrics(`b${settings.batchSize}`, cpu.stop(), r.itemsPerSecond));
      return metrics;
    } finally {
      await pool.end();
      await dbs.drop(db.name);
    }
  },
};

interface Prepared {
  device: number;
  report: PreparedReport;
}

interface IngestRow {
  [key: string]: unknown;
  client_report_id: string;
}

/** Pre-grouped reports to cycle through, given fresh clientReportIds as they are sent. */
const POOL_OF_REPORTS = 3_000;
const RECENT_PER_DEVICE = 8;
/** The server's default FAULTBASE_AUTH_CACHE_MS. */
const AUTH_CACHE_MS = 10_000;

class IngestSql {
  private readonly items: Prepared[] = [];
  private readonly hashes: string[];
  private readonly ids: string[];
  private readonly recent: Prepared[][];
  private readonly authenticatedAt: number[] = [];
  private next = 0;
  private seq = 0;

  constructor(
    private readonly pool: pg.Pool,
    enrolled: EnrolledTemplate,
    settings: Settings,
    private readonly tag: string,
  ) {
    this.hashes = enrolled.devices.map((d) => hashToken(d.token));
    this.ids = enrolled.devices.map((d) => d.id);
    this.recent = enrolled.devices.map(() => []);
    const generator = new FaultGenerator({ seed: settings.seed, faults: settings.faults, fleet: enrolled.fleet, tag, retryRate: 0 });
    for (let i = 0; i < POOL_OF_REPORTS; i++) {
      const g = generator.next();
      this.items.push({ report: prepareIngest(g.input), device: g.device });
    }
  }

  /** One report: a new one, or (5 %) a retry of one this device sent recently. */
  async single(): Promise<Outcome> {
    const t0 = performance.now();
    const p = this.pick();
    await this.auth(p.device);
    const { duplicates, retries } = await this.retrying([p]);
    if (duplicates.length) await this.storedReports(p.device, duplicates);
    return { ok: true, items: 1, ms: performance.now() - t0, tally: { retries } };
  }

  /** A batch from one device, sorted by signature like the server's (its deadlock-free lock order). */
  async batch(size: number): Promise<Outcome> {
    const t0 = performance.now();
    const device = Math.floor(Math.random() * this.ids.length);
    const previous = [...this.recent[device]!];
    const batch: Prepared[] = [];
    for (let i = 0; i < size; i++) {
      if (previous.length && Math.random() < 0.05) {
        batch.push(previous.splice(Math.floor(Math.random() * previous.length), 1)[0]!);
        continue;
      }
      batch.push(this.fresh(device));
    }
    batch.sort((a, b) => (a.report.signatureId < b.report.signatureId ? -1 : a.report.signatureId > b.report.signatureId ? 1 : 0));
    await this.auth(device);
    const { duplicates, retries } = await this.retrying(batch);
    if (duplicates.length) await this.storedReports(device, duplicates);
    return { ok: true, items: size, ms: performance.now() - t0, tally: { retries } };
  }

  private pick(): Prepared {
    if (Math.random() < 0.05) {
      const list = this.recent[Math.floor(Math.random() * this.recent.length)]!;
      if (list.length) return list[Math.floor(Math.random() * list.length)]!;
    }
    const item = this.items[this.next++ % this.items.length]!;
    return this.fresh(item.device, item);
  }

  /** A pooled report sent anew: fresh clientReportId, remembered for later retries. */
  private fresh(device: number, item = this.items[this.next++ % this.items.length]!): Prepared {
    const p = { device, report: withClientReportId(item.report, `${this.tag}-${(this.seq++).toString(36)}`) };
    const list = this.recent[device]!;
    list.push(p);
    if (list.length > RECENT_PER_DEVICE) list.shift();
    return p;
  }

  /** Like the Authenticator with its default lifetime: a device is looked up once per 10 s. */
  private async auth(device: number): Promise<void> {
    const now = performance.now();
    if (now - (this.authenticatedAt[device] ?? -Infinity) < AUTH_CACHE_MS) return;
    const { rows } = await this.pool.query(named(DEVICE_BY_TOKEN, [this.hashes[device]]));
    if (rows.length !== 1) throw new Error('device not found by token hash');
    this.authenticatedAt[device] = now;
  }

  /**
   * Like IngestService's pRetry: a deadlock, serialization failure or merge undid the statement
   * whole, so it is run again (3 retries). Deadlocks do happen: a retried clientReportId waits on
   * the first attempt's uncommitted row out of the signature lock order.
   */
  private async retrying(batch: Prepared[]): Promise<{ duplicates: Prepared[]; retries: number }> {
    for (let attempt = 0; ; attempt++) {
      try {
        return { duplicates: await this.statement(batch), retries: attempt };
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (attempt >= 3 || (code !== '40P01' && code !== '40001' && code !== SIGNATURE_MERGED_MEANWHILE)) throw err;
        await new Promise((r) => setTimeout(r, 5 * 2 ** attempt));
      }
    }
  }

  /** Returns the reports that were duplicates (the insert returned no row for them). */
  private async statement(batch: Prepared[]): Promise<Prepared[]> {
    const reports = batch.map((p) => p.report);
    const { rows } = await this.pool.query<IngestRow>(named(INGEST_REPORTS, ingestStatementParams(this.ids[batch[0]!.device]!, reports)));
    const stored = new Set(rows.map((r) => r.client_report_id));
    return batch.filter((p) => !stored.has(p.report.input.clientReportId));
  }

  private async storedReports(device: number, items: Prepared[]): Promise<void> {
    await this.pool.query(named(STORED_REPORTS, [this.ids[device], items.map((p) => p.report.input.clientReportId)]));
  }
}

/** Named like the server's statements, so each connection prepares each once. */
function named(q: Query, values: unknown[]): pg.QueryConfig {
  return { name: q.name, text: q.text, values };
}
