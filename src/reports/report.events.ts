import type { FaultReportedEvent } from '../graphql/pubsub';
import type { FaultReport } from './report.entity';

/** A bus event back in the entity's shape, so FaultReport's field resolvers serve it unchanged. */
export function reportFromEvent(event: FaultReportedEvent): FaultReport {
  return {
    ...event,
    occurredAt: new Date(event.occurredAt),
    receivedAt: new Date(event.receivedAt),
  } as unknown as FaultReport;
}
