import type { DevicePolicy } from '../auth/principal';
import { versionKey } from '../devices/version-order';
import type { FaultReportedEvent } from '../reports/report.events';
import { groupForIngest, type CustomRules, type Deobfuscator, type GroupingResult } from '../signatures/grouping';
import { previousOf, type PreviousFingerprint } from '../signatures/previous-fingerprint.sql';
import { signatureIdFor } from '../signatures/signature-id';
import type { FaultReportInput } from './report.input';

/** One accepted report, with the policy applied and grouped, ready to be stored. */
export interface Prepared {
  /** Its position in the request, for its receipt. */
  index: number;
  input: FaultReportInput;
  stackTrace: string | null;
  attributes: Record<string, unknown> | null;
  grouping: GroupingResult;
  signatureId: string;
  /**
   * During a grouping config transition, the previous configs' fingerprints and signature ids
   * where they differ from the current ones, nearest config first: the statement files the report
   * under the first that leads to a signature if the current one has none (docs/grouping.md,
   * "Config upgrades").
   */
  previous: PreviousFingerprint[] | null;
}

/** Policy and grouping applied to one report, in memory; exported for the bench's SQL ceiling. */
export function prepareReport(
  input: FaultReportInput,
  index: number,
  policy: DevicePolicy,
  rules: CustomRules,
  settled: (fingerprint: string) => boolean = () => false,
  /** The application version's mapping files, when it has any: frames are mapped before grouping. */
  deobfuscator: Deobfuscator | null = null,
): Prepared {
  // The policy is enforced here too: what the operator said not to collect is not stored.
  const stackTrace = policy.collectStackTrace ? (input.stackTrace ?? null) : null;
  const attributes = policy.collectAttributes ? (input.attributes ?? null) : null;
  const { result: grouping, previousFingerprints } = groupForIngest(
    {
      errorCode: input.errorCode,
      applicationName: input.application.name,
      exceptionType: input.exceptionType ?? null,
      message: input.message ?? null,
      stackTrace,
    },
    rules,
    undefined,
    settled,
    deobfuscator,
  );
  const previous = previousOf(previousFingerprints);
  return { index, input, stackTrace, attributes, grouping, signatureId: signatureIdFor(grouping.fingerprint), previous };
}

/**
 * What the statement is sent: a clientReportId repeated within the request once, for its first
 * occurrence (the others are answered as its duplicates), sorted by signature id so that concurrent
 * requests lock signatures in one order and cannot deadlock on them.
 */
export function toStore(accepted: Prepared[]): Prepared[] {
  const seen = new Set<string>();
  return accepted
    .filter((p) => !seen.has(p.input.clientReportId) && seen.add(p.input.clientReportId))
    .sort((a, b) => (a.signatureId < b.signatureId ? -1 : a.signatureId > b.signatureId ? 1 : 0));
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
    previous: p.previous,
    grouping_config: g.configVersion,
    title: g.title,
    sig_exception_type: g.exceptionType,
    normalised_message: g.normalisedMessage,
    sig_frames: g.frames.filter((f) => f.contributes),
    components: g.components,
    app_version_key: versionKey(input.application.version),
  };
}

/** The live feed's event of a stored report, from what was sent and what the statement returned. */
export function reportedEvent(deviceId: string, p: Prepared, stored: { reportId: string; signatureId: string; receivedAt: Date }): FaultReportedEvent {
  const { input, grouping } = p;
  return {
    id: stored.reportId,
    clientReportId: input.clientReportId,
    occurredAt: input.occurredAt.toISOString(),
    receivedAt: stored.receivedAt.toISOString(),
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
    signature: { id: stored.signatureId },
  };
}
