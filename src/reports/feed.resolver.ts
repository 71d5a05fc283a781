import { Arg, Authorized, Ctx, Resolver, Root, Subscription } from 'type-graphql';
import { Role } from '../auth/roles';
import type { Context } from '../app/context';
import { FaultFilter, matchesFaultFilter } from './fault-filter.input';
import { reportFromEvent, ReportTopics, type FaultReportedEvent } from './report.events';
import { FaultReportType } from './report.type';

@Resolver()
export class FeedResolver {
  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Subscription(() => FaultReportType, {
    topics: ReportTopics.FAULT_REPORTED,
    filter: ({ payload, args }: { payload: FaultReportedEvent; args: { filter?: FaultFilter } }) =>
      matchesFaultFilter(args.filter, payload),
    description: 'Technicians: every accepted report, live (after it is committed; never for a duplicate retry).',
  })
  faultReported(
    @Root() event: FaultReportedEvent,
    @Ctx() ctx: Context,
    @Arg('filter', () => FaultFilter, { nullable: true, description: 'Only the reports that match; every accepted report when absent.' })
    _filter?: FaultFilter,
  ) {
    ctx.refreshForEvent();
    return reportFromEvent(event);
  }
}
