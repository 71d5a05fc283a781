import { defineTopics, payload } from '../events/topics';
import type { FaultReport } from './report.entity';

/** A report as it crosses the bus: plain JSON in the storage entity's shape (dates as ISO strings). */
export interface FaultReportedEvent {
  id: string;
  clientReportId: string;
  occurredAt: string;
  receivedAt: string;
  errorCode: string;
  severity: string;
  applicationName: string;
  applicationVersion: string;
  applicationType: string | null;
  applicationVendor: string | null;
  runtimeName: string | null;
  runtimeVersion: string | null;
  exceptionType: string | null;
  message: string | null;
  stackTrace: string | null;
  frames: unknown[];
  attributes: Record<string, unknown> | null;
  device: { id: string };
  signature: { id: string };
}

export const ReportTopics = defineTopics({
  /** A report was stored (after commit; never a duplicate retry). */
  FAULT_REPORTED: payload<FaultReportedEvent>(),
});

/** A bus event back in the entity's shape, so FaultReport's field resolvers serve it unchanged. */
export function reportFromEvent(event: FaultReportedEvent): FaultReport {
  return {
    ...event,
    occurredAt: new Date(event.occurredAt),
    receivedAt: new Date(event.receivedAt),
  } as unknown as FaultReport;
}
