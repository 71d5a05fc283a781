import { Arg, Authorized, Ctx, Resolver, Root, Subscription } from 'type-graphql';
import { Role } from '../auth/roles';
import { refreshForEvent, type Context } from '../graphql/context';
import { Topic, type FaultReportedEvent } from '../graphql/pubsub';
import { FaultFilter, matchesFaultFilter } from './fault-filter.input';
import { reportFromEvent } from './report.events';
import { FaultReportType } from './report.type';

@Resolver()
export class FeedResolver {
  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Subscription(() => FaultReportType, {
    topics: Topic.FAULT_REPORTED,
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
    refreshForEvent(ctx);
    return reportFromEvent(event);
  }
}
