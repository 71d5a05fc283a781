// ingest.params pulls in the GraphQL input classes, whose decorators need the metadata polyfill.
import 'reflect-metadata';
import { prepareReport, ingestParams, type Prepared } from '../../src/ingest/ingest.params';
import type { FaultReportInput } from '../../src/ingest/report.input';
import { Severity } from '../../src/reports/severity';
import { NO_CUSTOM_RULES } from '../../src/signatures/grouping';
import type { ReportInput } from '../faults/generator';

export type { Prepared };

/** A device whose policy collects everything, as the bench's fleet is enrolled. */
const COLLECT_ALL = {
  enabled: true,
  minSeverity: Severity.WARNING,
  maxReportsPerHour: 1_000_000,
  collectStackTrace: true,
  collectAttributes: true,
};

/** A generated report, policed and grouped by IngestService's own function (not a copy). */
export function prepareIngest(input: ReportInput): Prepared {
  const report = { ...input, occurredAt: new Date(input.occurredAt) } as unknown as FaultReportInput;
  return prepareReport(report, 0, COLLECT_ALL, NO_CUSTOM_RULES);
}

/** The same report under another clientReportId (and position in its request). */
export function withClientReportId(p: Prepared, clientReportId: string, index = 0): Prepared {
  return { ...p, index, input: { ...p.input, clientReportId } as FaultReportInput };
}

/** Exactly the parameters IngestService passes to INGEST_REPORTS for these reports of one device. */
export function ingestStatementParams(deviceId: string, reports: Prepared[]): unknown[] {
  return ingestParams(deviceId, COLLECT_ALL.maxReportsPerHour, reports);
}
