import { LRUCache } from 'lru-cache';
import pRetry from 'p-retry';
import type { DevicePrincipal } from '../auth/principal';
import type { Logger } from '../config/logger';
import type { SqlPool } from '../db/sql';
import type { Publisher } from '../events/bus';
import { ReportTopics } from '../reports/report.events';
import { SEVERITY_RANK } from '../reports/severity';
import type { Deobfuscator } from '../signatures/grouping';
import type { GroupingRulesCache } from '../signatures/grouping-rules.cache';
import { SignatureTopics } from '../signatures/signature.events';
import { batchTooLarge, rateLimited, reportingDisabled } from './ingest.errors';
import { ingestParams, prepareReport, reportedEvent, toStore, type Prepared } from './ingest.params';
import { INGEST_REPORTS, INGEST_REPORTS_ANSWERED, OVER_RATE_LIMIT, RESOLUTIONS_APPLY, SIGNATURE_MERGED_MEANWHILE, STORED_REPORTS } from './ingest.sql';
import { duplicateReceipt, filteredReceipt, storedByIndex, type IngestRow, type Receipt, type StoredReceipt } from './receipts';
import { REPORT_LIMITS, type FaultReportInput } from './report.input';

/**
 * PostgreSQL's "try again" errors, and ours for a signature merged while the statement waited for
 * it: the statement was undone whole, so a retry is safe (and then follows the redirect).
 */
const RETRYABLE = new Set(['40P01', '40001', SIGNATURE_MERGED_MEANWHILE]);
const sqlState = (err: unknown) => (err as { code?: string }).code;

/**
 * The hot path. Inputs arrive validated (class-validator, whole batch first). The policy filters
 * and limits, grouping runs in memory, then one statement stores the whole request (see
 * INGEST_REPORTS). A receipt leaves only after that statement has committed.
 */
export class IngestService {
  constructor(
    private readonly db: SqlPool,
    private readonly events: Publisher,
    /** Told when this request wrote outbox events (new signatures, regressions), so their reactions run now. */
    private readonly outbox: { nudge(): void },
    private readonly rules: GroupingRulesCache,
    /** Which signatures published resolutions answer: those reports need the statement that checks the fix. */
    private readonly answered: { anyOf(signatureIds: readonly string[]): Promise<boolean>; invalidate(): void },
    /**
     * Each report's application version's mapping files, ready to map its frames (src/mappings); a
     * version without any is known in memory, so its reports cost no extra round trip.
     */
    private readonly mappings: { deobfuscators(versions: readonly { name: string; version: string }[]): Promise<(Deobfuscator | null)[]> },
    private readonly logger: Logger,
  ) {}

  /**
   * Fingerprints this process has stored reports under: each resolves by itself from then on (a
   * signature, or a redirect the grouping transition learnt; neither is ever deleted), so a report
   * with one needs no previous-config grouping (signatures/grouping/transition.ts). Bounded: a
   * fingerprint that falls out is grouped twice again, which is only slower.
   */
  private readonly settled = new LRUCache<string, true>({ max: 100_000 });

  async ingest(device: DevicePrincipal, inputs: FaultReportInput[]): Promise<Receipt[]> {
    if (inputs.length > REPORT_LIMITS.batch) throw batchTooLarge(inputs.length);
    if (!device.policy.enabled) throw reportingDisabled();
    const receipts: Receipt[] = inputs.map(filteredReceipt);
    const rules = await this.rules.current();
    const kept = inputs
      .map((input, index) => ({ input, index }))
      .filter(({ input }) => SEVERITY_RANK[input.severity] >= SEVERITY_RANK[device.policy.minSeverity]);
    const deobfuscators = await this.mappings.deobfuscators(kept.map(({ input }) => input.application));
    const accepted = kept.map(({ input, index }, i) => prepareReport(input, index, device.policy, rules, (f) => this.settled.has(f), deobfuscators[i]));
    if (accepted.length === 0) return receipts;

    const stored = await pRetry(() => this.store(device, toStore(accepted)), {
      retries: 3,
      minTimeout: 5,
      maxTimeout: 50,
      // Throwing here ends the retries with the original error.
      onFailedAttempt: (err) => {
        const code = sqlState(err);
        if (!code || !RETRYABLE.has(code)) throw err;
      },
    });

    for (const p of accepted) this.settled.set(p.grouping.fingerprint, true);
    this.publish(device.id, accepted, stored);
    const duplicates = accepted.filter((p) => !stored.has(p.index));
    const previous = duplicates.length ? await this.storedReports(device.id, duplicates) : new Map();
    for (const p of accepted) {
      receipts[p.index] = stored.get(p.index) ?? duplicateReceipt(previous.get(p.input.clientReportId));
    }
    return receipts;
  }

  /**
   * Called after COMMIT only: a rolled-back or duplicate report is never announced. The reports are
   * stored by now, so a failure to announce them is logged, never turned into a failed receipt.
   */
  private publish(deviceId: string, accepted: Prepared[], stored: Map<number, StoredReceipt>): void {
    try {
      this.announce(deviceId, accepted, stored);
    } catch (err) {
      this.logger.error({ err }, 'could not publish report events');
    }
  }

  private announce(deviceId: string, accepted: Prepared[], stored: Map<number, StoredReceipt>): void {
    let outboxed = false;
    const regressed = new Set<string>();
    for (const p of accepted) {
      const report = stored.get(p.index);
      if (!report) continue;
      this.events.publish(ReportTopics.FAULT_REPORTED, reportedEvent(deviceId, p, report));
      if (report.newSignature) {
        outboxed = true;
        this.events.publish(SignatureTopics.SIGNATURE_CHANGED, { kind: 'CREATED', signatureId: report.signatureId });
      }
      if (report.regressed && !regressed.has(report.signatureId)) {
        outboxed = true;
        regressed.add(report.signatureId);
        this.events.publish(SignatureTopics.SIGNATURE_CHANGED, { kind: 'REGRESSED', signatureId: report.signatureId });
      }
    }
    if (outboxed) this.outbox.nudge();
  }

  /** Returns the receipts of newly stored reports by input index; absent ones were duplicates. */
  private async store(device: DevicePrincipal, batch: Prepared[]): Promise<Map<number, StoredReceipt>> {
    const limit = device.policy.maxReportsPerHour;
    const params = ingestParams(device.id, limit, batch);
    try {
      // During a grouping config transition a report may land in its previous signature.
      const answered = await this.answered.anyOf(batch.flatMap((p) => [p.signatureId, ...(p.previous ?? []).map((prev) => prev.sid)]));
      return storedByIndex(batch, await this.storeWith(answered ? INGEST_REPORTS_ANSWERED : INGEST_REPORTS, params));
    } catch (err) {
      if (sqlState(err) !== OVER_RATE_LIMIT) throw err;
    }
    // Over the limit, and nothing was stored. A request that only repeats stored reports is still
    // answered (a retry is never refused for the reports it already delivered); anything new is
    // refused whole.
    const previous = await this.storedReports(device.id, batch);
    if (previous.size === new Set(batch.map((p) => p.input.clientReportId)).size) return new Map();
    throw rateLimited(limit, secondsToNextHour());
  }

  /** A statement refused because a resolution answers its signatures (the cache was stale) runs again in the variant that checks. */
  private async storeWith(statement: typeof INGEST_REPORTS, params: unknown[]): Promise<IngestRow[]> {
    try {
      return await this.db.query<IngestRow>(statement, params);
    } catch (err) {
      if (sqlState(err) !== RESOLUTIONS_APPLY) throw err;
      this.answered.invalidate();
      return this.db.query<IngestRow>(INGEST_REPORTS_ANSWERED, params);
    }
  }

  private async storedReports(deviceId: string, items: Prepared[]) {
    const rows = await this.db.query<{ id: string; signature_id: string; client_report_id: string; resolution_ids: string[] }>(STORED_REPORTS, [
      deviceId,
      items.map((p) => p.input.clientReportId),
    ]);
    return new Map(rows.map((r) => [r.client_report_id, r]));
  }
}

function secondsToNextHour(): number {
  return 3600 - Math.floor(Date.now() / 1000) % 3600;
}
