// ingest.service pulls in the GraphQL input classes, whose decorators need the metadata polyfill.
import 'reflect-metadata';
import { prepareReport, ingestParams } from '../../src/reports/ingest.service';
import type { FaultReportInput } from '../../src/reports/report.input';
import { Severity } from '../../src/reports/severity';
import { NO_CUSTOM_RULES } from '../../src/signatures/grouping';
import type { ReportInput } from '../faults/generator';

export interface PreparedIngest {
  signatureId: string;
  /** INGEST_REPORT's parameters, $1 … $24. */
  params: unknown[];
}

/** A device whose policy collects everything, as the bench's fleet is enrolled. */
const COLLECT_ALL = {
  enabled: true,
  minSeverity: Severity.WARNING,
  maxReportsPerHour: 1_000_000,
  collectStackTrace: true,
  collectAttributes: true,
};

/** Exactly the parameters IngestService passes to INGEST_REPORT: its own functions, not a copy. */
export function prepareIngest(deviceId: string, input: ReportInput): PreparedIngest {
  const report = { ...input, occurredAt: new Date(input.occurredAt) } as unknown as FaultReportInput;
  const prepared = prepareReport(report, 0, COLLECT_ALL, NO_CUSTOM_RULES);
  return { signatureId: prepared.signatureId, params: ingestParams(deviceId, prepared) };
}
