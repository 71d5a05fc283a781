import { groupFault } from '../../src/signatures/grouping';
import { signatureIdFor } from '../../src/signatures/signature-id';
import type { ReportInput } from '../faults/generator';

export interface PreparedIngest {
  signatureId: string;
  /** INGEST_REPORT's parameters, $1 … $24. */
  params: unknown[];
}

/**
 * The parameters IngestService passes to INGEST_REPORT (its `ingestParams`, for a device whose
 * policy collects stack traces and attributes). Kept in the same order; if ingest.sql.ts changes
 * its parameters, this must follow (the ceiling then fails loudly on a type or count mismatch).
 */
export function prepareIngest(deviceId: string, input: ReportInput): PreparedIngest {
  const g = groupFault({
    errorCode: input.errorCode,
    applicationName: input.application.name,
    exceptionType: input.exceptionType ?? null,
    message: input.message ?? null,
    stackTrace: input.stackTrace ?? null,
  });
  const signatureId = signatureIdFor(g.fingerprint);
  const params = [
    deviceId,
    input.clientReportId,
    signatureId,
    new Date(input.occurredAt),
    input.errorCode,
    input.severity,
    input.application.name,
    input.application.version,
    input.application.type ?? null,
    input.application.vendor ?? null,
    input.runtime?.name ?? null,
    input.runtime?.version ?? null,
    input.exceptionType ?? g.exceptionType,
    input.message ?? null,
    input.stackTrace ?? null,
    JSON.stringify(g.frames),
    JSON.stringify(input.attributes),
    g.fingerprint,
    g.configVersion,
    g.title,
    g.exceptionType,
    g.normalisedMessage,
    JSON.stringify(g.frames.filter((f) => f.contributes)),
    JSON.stringify(g.components),
  ];
  return { signatureId, params };
}
