import type { PubSub } from '@graphql-yoga/subscription';
import pRetry from 'p-retry';
import type { DevicePolicy, DevicePrincipal } from '../auth/principal';
import type { Logger } from '../config/logger';
import type { SqlPool } from '../db/sql';
import { Topic, type FaultReportedEvent, type Topics } from '../graphql/pubsub';
import { groupFault, type CustomRules, type GroupingResult } from '../signatures/grouping';
import type { GroupingRulesCache } from '../signatures/grouping-rules.cache';
import { signatureIdFor } from '../signatures/signature-id';
import { INGEST_REPORTS, OVER_RATE_LIMIT, SIGNATURE_MERGED_MEANWHILE, STORED_REPORTS } from './ingest.sql';
import { filteredReceipt, ReceiptStatus, type Receipt } from './receipt';
import { batchTooLarge, rateLimited, reportingDisabled } from './report.errors';
import { REPORT_LIMITS, type FaultReportInput } from './report.input';
import { SEVERITY_RANK } from './severity';

type StoredReport = Receipt & { receivedAt: Date };

export interface Prepared {
  index: number;
  input: FaultReportInput;
  stackTrace: string | null;
  attributes: Record<string, unknown> | null;
  grouping: GroupingResult;
  signatureId: string;
}

interface IngestRow {
  [key: string]: unknown;
  report_id: string;
  client_report_id: string;
  signature_id: string;
  received_at: Date | string;
  created: boolean;
}

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
    private readonly events: PubSub<Topics>,
    private readonly rules: GroupingRulesCache,
    private readonly logger: Logger,
  ) {}

  async ingest(device: DevicePrincipal, inputs: FaultReportInput[]): Promise<Receipt[]> {
    if (inputs.length > REPORT_LIMITS.batch) throw batchTooLarge(inputs.length);
    if (!device.policy.enabled) throw reportingDisabled();
    const receipts: Receipt[] = inputs.map(filteredReceipt);
    const rules = await this.rules.current();
    const accepted = inputs
      .map((input, index) => ({ input, index }))
      .filter(({ input }) => SEVERITY_RANK[input.severity] >= SEVERITY_RANK[device.policy.minSeverity])
      .map(({ input, index }) => prepareReport(input, index, device.policy, rules));
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
  private publish(deviceId: string, accepted: Prepared[], stored: Map<number, StoredReport>): void {
    try {
      this.announce(deviceId, accepted, stored);
    } catch (err) {
      this.logger.error({ err }, 'could not publish report events');
    }
  }

  private announce(deviceId: string, accepted: Prepared[], stored: Map<number, StoredReport>): void {
    for (const p of accepted) {
      const report = stored.get(p.index);
      if (!report) continue;
      this.events.publish(Topic.FAULT_REPORTED, reportedEvent(deviceId, p, report));
      if (report.newSignature) {
        this.events.publish(Topic.SIGNATURE_CHANGED, { kind: 'CREATED', signatureId: report.signatureId! });
      }
    }
  }

  /** Returns the receipts of newly stored reports by input index; absent ones were duplicates. */
  private async store(device: DevicePrincipal, batch: Prepared[]): Promise<Map<number, StoredReport>> {
    const limit = device.policy.maxReportsPerHour;
    try {
      const rows = await this.db.query<IngestRow>(INGEST_REPORTS, ingestParams(device.id, limit, batch));
      return storedByIndex(batch, rows);
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

  private async storedReports(deviceId: string, items: Prepared[]) {
    const rows = await this.db.query<{ id: string; signature_id: string; client_report_id: string }>(STORED_REPORTS, [
      deviceId,
      items.map((p) => p.input.clientReportId),
    ]);
    return new Map(rows.map((r) => [r.client_report_id, r]));
  }
}

/** Policy and grouping applied to one report, in memory; exported for the bench's SQL ceiling. */
export function prepareReport(input: FaultReportInput, index: number, policy: DevicePolicy, rules: CustomRules): Prepared {
  // The policy is enforced here too: what the operator said not to collect is not stored.
  const stackTrace = policy.collectStackTrace ? (input.stackTrace ?? null) : null;
  const attributes = policy.collectAttributes ? (input.attributes ?? null) : null;
  const grouping = groupFault(
    {
      errorCode: input.errorCode,
      applicationName: input.application.name,
      exceptionType: input.exceptionType ?? null,
      message: input.message ?? null,
      stackTrace,
    },
    undefined,
    rules,
  );
  return { index, input, stackTrace, attributes, grouping, signatureId: signatureIdFor(grouping.fingerprint) };
}

/**
 * INGEST_REPORTS' parameters: $1 device, $2 limit, $3 the reports as one JSON array (see ingest.sql.ts).
 * The text in them is storable: validation refused NUL and lone surrogates in identifiers and
 * replaced them in free text (validation.ts), so rows come back with exactly what was sent.
 */
export function ingestParams(deviceId: string, maxReportsPerHour: number, batch: Prepared[]): unknown[] {
  return [deviceId, maxReportsPerHour, JSON.stringify(batch.map(reportRecord))];
}

/** One report as a row of INGEST_REPORTS' input; `ord` keeps the request's order. */
function reportRecord(p: Prepared, ord: number) {
  const { input, grouping: g } = p;
  return {
    ord,
    client_report_id: input.clientReportId,
    signature_id: p.signatureId,
    occurred_at: input.occurredAt,
    error_code: input.errorCode,
    severity: input.severity,
    app_name: input.application.name,
    app_version: input.application.version,
    app_type: input.application.type ?? null,
    app_vendor: input.application.vendor ?? null,
    runtime_name: input.runtime?.name ?? null,
    runtime_version: input.runtime?.version ?? null,
    exception_type: input.exceptionType ?? g.exceptionType,
    message: input.message ?? null,
    stack_trace: p.stackTrace,
    frames: g.frames,
    attributes: p.attributes,
    fingerprint: g.fingerprint,
    grouping_config: g.configVersion,
    title: g.title,
    sig_exception_type: g.exceptionType,
    normalised_message: g.normalisedMessage,
    sig_frames: g.frames.filter((f) => f.contributes),
    components: g.components,
  };
}

/**
 * What the statement is sent: a clientReportId repeated within the request once, for its first
 * occurrence (the others are answered as its duplicates), sorted by signature id so that concurrent
 * requests lock signatures in one order and cannot deadlock on them.
 */
function toStore(accepted: Prepared[]): Prepared[] {
  const seen = new Set<string>();
  return accepted
    .filter((p) => !seen.has(p.input.clientReportId) && seen.add(p.input.clientReportId))
    .sort((a, b) => (a.signatureId < b.signatureId ? -1 : a.signatureId > b.signatureId ? 1 : 0));
}

/** Receipts of the rows the statement inserted; a new signature is "new" on its first report only. */
function storedByIndex(batch: Prepared[], rows: IngestRow[]): Map<number, StoredReport> {
  const byClientId = new Map(rows.map((r) => [r.client_report_id, r]));
  const receipts = new Map<number, StoredReport>();
  const announced = new Set<string>();
  // In request order, so that "new" goes to the first report of a signature the request opened.
  for (const p of [...batch].sort((a, b) => a.index - b.index)) {
    const row = byClientId.get(p.input.clientReportId);
    if (!row) continue;
    const newSignature = row.created === true && !announced.has(row.signature_id);
    if (newSignature) announced.add(row.signature_id);
    receipts.set(p.index, {
      status: ReceiptStatus.STORED,
      reportId: row.report_id,
      signatureId: row.signature_id,
      newSignature,
      duplicate: false,
      // The ORM's connection (shared on the embedded database) returns timestamps as strings.
      receivedAt: new Date(row.received_at),
    });
  }
  return receipts;
}

function duplicateReceipt(row: { id: string; signature_id: string } | undefined): Receipt {
  // The conflicting insert waited for the stored report's transaction, so the row is there.
  if (!row) throw new Error('a duplicate report was not found after its conflict');
  return {
    status: ReceiptStatus.DUPLICATE,
    reportId: row.id,
    signatureId: row.signature_id,
    newSignature: false,
    duplicate: true,
  };
}

function reportedEvent(deviceId: string, p: Prepared, report: StoredReport): FaultReportedEvent {
  const { input, grouping } = p;
  return {
    id: report.reportId!,
    clientReportId: input.clientReportId,
    occurredAt: input.occurredAt.toISOString(),
    receivedAt: report.receivedAt.toISOString(),
    errorCode: input.errorCode,
    severity: input.severity,
    applicationName: input.application.name,
    applicationVersion: input.application.version,
    applicationType: input.application.type ?? null,
    applicationVendor: input.application.vendor ?? null,
    runtimeName: input.runtime?.name ?? null,
    runtimeVersion: input.runtime?.version ?? null,
    exceptionType: input.exceptionType ?? grouping.exceptionType,
    message: input.message ?? null,
    stackTrace: p.stackTrace,
    frames: grouping.frames,
    attributes: p.attributes,
    device: { id: deviceId },
    signature: { id: report.signatureId! },
  };
}

function secondsToNextHour(): number {
  return 3600 - Math.floor(Date.now() / 1000) % 3600;
}
