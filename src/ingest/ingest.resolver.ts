import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, Info, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../app/context';
import { requireDevice } from '../auth/caller';
import { Role } from '../auth/roles';
import { countedList, wholeList } from '../graphql/cost';
import { onlyIdRequested } from '../graphql/selection';
import { FaultReportType } from '../reports/report.type';
import { ResolutionType } from '../resolutions/resolution.type';
import { FaultSignatureType } from '../signatures/signature.type';
import type { Receipt } from './receipts';
import { FaultReportReceiptType } from './receipt.type';
import { FaultReportInput, REPORT_LIMITS } from './report.input';

@Resolver(() => FaultReportReceiptType)
export class IngestResolver {
  @Authorized(Role.DEVICE)
  @Mutation(() => FaultReportReceiptType, { description: 'Device: report one fault.' })
  async reportFault(
    @Arg('input', { description: 'The fault as the device collected it.' }) input: FaultReportInput,
    @Ctx() ctx: Context,
  ): Promise<Receipt> {
    const [receipt] = await ctx.services.ingest.ingest(requireDevice(ctx).caller, [input]);
    return receipt!;
  }

  @Authorized(Role.DEVICE)
  @Mutation(
    () => [FaultReportReceiptType],
    countedList(
      'Device: report up to 100 faults at once; validated whole, stored all or none in one statement.',
      'the number of inputs',
      (args) => (Array.isArray(args.inputs) ? args.inputs.length : 1),
    ),
  )
  reportFaults(
    @Arg('inputs', () => [FaultReportInput], {
      description:
        `Up to ${REPORT_LIMITS.batch} faults; the receipts come back in the same order. An invalid item refuses the whole batch ` +
        '(BAD_USER_INPUT, its index in extensions.fields); a clientReportId repeated in the batch is stored once.',
    })
    inputs: FaultReportInput[],
    @Ctx() ctx: Context,
  ) {
    return ctx.services.ingest.ingest(requireDevice(ctx).caller, inputs);
  }

  @FieldResolver(() => FaultReportType, { nullable: true, description: 'Null only when FILTERED.' })
  report(@Root() receipt: Receipt, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    if (!receipt.reportId) return null;
    return onlyIdRequested(info) ? { id: receipt.reportId } : ctx.loaders.report.load(receipt.reportId);
  }

  @FieldResolver(() => FaultSignatureType, { nullable: true, description: 'Null only when FILTERED.' })
  signature(@Root() receipt: Receipt, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    if (!receipt.signatureId) return null;
    return onlyIdRequested(info) ? { id: receipt.signatureId } : ctx.loaders.signature.load(receipt.signatureId);
  }

  @FieldResolver(
    () => [ResolutionType],
    wholeList('Published resolutions for this fault that target this device and it has not installed: a known fault gets its answer at once.', 3),
  )
  async resolutions(@Root() receipt: Receipt, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    if (!receipt.resolutionIds.length) return [];
    if (onlyIdRequested(info)) return receipt.resolutionIds.map((id) => ({ id }));
    return (await ctx.loaders.resolution.loadMany(receipt.resolutionIds)).filter((r) => r && !(r instanceof Error));
  }
}
