import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../auth/roles';
import { UserType } from '../auth/user.type';
import { pageSize } from '../graphql/connection';
import type { Context } from '../app/context';
import { countedList, DEFAULT_PAGE, MAX_PAGE, pagedList, wholeList } from '../graphql/cost';
import { FaultReportFilter } from '../reports/report-filter.input';
import { listReportsOfSignature, reportCriteria } from '../reports/report.service';
import { FaultReportType } from '../reports/report.type';
import { OccurrenceBucket, OccurrenceBucketSize } from './occurrence.type';
import { BUCKET_SIZES, bucketCount, bucketRange, MAX_BUCKETS } from './occurrences.service';
import type { FaultSignature } from './signature.entity';
import { FaultReportConnection, FaultSignatureConnection } from './signature.connection';
import { SignatureFilter, SignatureOrder } from './signature.input';
import { listSignatures, signatureById, titleForDevices } from './signature.service';
import { FaultSignatureType, SignatureBreakdowns } from './signature.type';
import { shownMute } from './signature-mute';
import { SignatureStatus } from './signature-status';
import { STATUS_TRANSITIONS } from './signature-workflow';

/**
 * Every relation of a signature goes through the request's loaders, so a page of 50 signatures
 * with their reports, sample, breakdowns and assignee costs the same few statements as a page of 1.
 */
@Resolver(() => FaultSignatureType)
export class SignatureResolver {
  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Query(
    () => FaultSignatureConnection,
    pagedList(
      'Signatures, newest activity first unless ordered otherwise; keyset-paged: a signature whose sort key does ' +
        'not change while you page appears exactly once.',
    ),
  )
  signatures(
    @Ctx() ctx: Context,
    @Arg('filter', () => SignatureFilter, {
      nullable: true,
      description: 'Only the signatures that match; when absent, every signature not merged into another.',
    })
    filter?: SignatureFilter,
    @Arg('orderBy', () => SignatureOrder, { nullable: true, description: 'The order; last seen first (LAST_SEEN, DESC) when absent.' })
    orderBy?: SignatureOrder,
    @Arg('first', () => Int, { nullable: true, description: `Signatures to return: 0 to ${MAX_PAGE}, default ${DEFAULT_PAGE}.` })
    first?: number,
    @Arg('after', () => String, {
      nullable: true,
      description: 'A cursor from this list, read with the same filter and order: return the signatures after it.',
    })
    after?: string,
  ) {
    return listSignatures(ctx.em, filter, orderBy, { first, after });
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Query(() => FaultSignatureType, {
    nullable: true,
    description: 'A signature by its id, also one merged into another (see mergedInto); null when there is none.',
  })
  signature(@Arg('id', () => ID, { description: "The signature's id." }) id: string, @Ctx() ctx: Context) {
    return signatureById(ctx.em, id);
  }

  @FieldResolver(() => String, {
    description: 'A short human title: what failed and where. Devices get it without any message text (which may come from another device).',
  })
  title(@Root() signature: FaultSignature, @Ctx() ctx: Context): string {
    return ctx.principal?.kind === 'device' ? titleForDevices(signature) : signature.title;
  }

  // mutedAt and mutedUntil are declared (type, description, roles) in FaultSignatureType; they are
  // resolved here because the stored fields outlive a timed mute, which the API shows as none.
  @FieldResolver()
  mutedAt(@Root() signature: FaultSignature): Date | null {
    return shownMute(signature).mutedAt ?? null;
  }

  @FieldResolver()
  mutedUntil(@Root() signature: FaultSignature): Date | null {
    return shownMute(signature).mutedUntil ?? null;
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @FieldResolver(() => UserType, { nullable: true, description: 'The admin or technician working on it; null when unassigned.' })
  assignee(@Root() signature: FaultSignature, @Ctx() ctx: Context) {
    return signature.assignee ? ctx.loaders.user.load(signature.assignee.id) : null;
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @FieldResolver(() => [SignatureStatus], wholeList('The statuses a technician may move it to now (the table in updateSignature).', 3))
  allowedStatuses(@Root() signature: FaultSignature): readonly SignatureStatus[] {
    return STATUS_TRANSITIONS[signature.status];
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @FieldResolver(() => SignatureBreakdowns, {
    description: 'Its reports and devices by application version, device model, firmware and runtime.',
  })
  breakdowns(@Root() signature: FaultSignature): SignatureBreakdowns {
    return { signatureId: signature.id };
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @FieldResolver(() => FaultReportConnection, pagedList('Its reports, newest first.'))
  reports(
    @Root() signature: FaultSignature,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: `Reports to return: 0 to ${MAX_PAGE}, default ${DEFAULT_PAGE}.` })
    first?: number,
    @Arg('after', () => String, { nullable: true, description: 'A cursor from this list: return the reports after it.' })
    after?: string,
    @Arg('filter', () => FaultReportFilter, { nullable: true, description: 'Only the reports that match; all of them when absent.' })
    filter?: FaultReportFilter,
  ) {
    const criteria = reportCriteria(filter);
    // A first page is batched with the rest of the list's; later pages are one signature's own.
    return after
      ? listReportsOfSignature(ctx.em, signature, criteria, { first, after })
      : ctx.loaders.signatureReports.load({ signature, first: pageSize(first), criteria });
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @FieldResolver(() => FaultReportType, {
    nullable: true,
    description: 'Its newest report, whose frames show which ones identify the fault (contributes, hint).',
  })
  async sample(@Root() signature: FaultSignature, @Ctx() ctx: Context) {
    const page = await ctx.loaders.signatureReports.load({ signature, first: 1, criteria: null });
    return page.edges[0]?.node ?? null;
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @FieldResolver(
    () => [OccurrenceBucket],
    countedList(
      'Reports received per UTC hour or day, oldest first, empty buckets included: every bucket that overlaps ' +
        `[from, to) (defaults: to now, from 24 hours or 30 days before), each counted whole; at most ${MAX_BUCKETS} buckets.`,
      'the number of buckets',
      bucketCount,
    ),
  )
  occurrences(
    @Root() signature: FaultSignature,
    @Ctx() ctx: Context,
    @Arg('bucket', () => OccurrenceBucketSize, { defaultValue: OccurrenceBucketSize.HOUR, description: 'The width of a bucket.' })
    bucket: OccurrenceBucketSize,
    @Arg('from', () => Date, {
      nullable: true,
      description:
        `The start of the range (inclusive), before to; default ${BUCKET_SIZES[OccurrenceBucketSize.HOUR].defaultCount} hours ` +
        `(HOUR) or ${BUCKET_SIZES[OccurrenceBucketSize.DAY].defaultCount} days (DAY) before to.`,
    })
    from?: Date,
    @Arg('to', () => Date, { nullable: true, description: 'The end of the range (exclusive); default now.' })
    to?: Date,
  ) {
    return ctx.loaders.occurrences.load({ signatureId: signature.id, range: bucketRange(bucket, from, to) });
  }
}
