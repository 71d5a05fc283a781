import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, Info, Mutation, Resolver, Root } from 'type-graphql';
import { onlyIdRequested } from '../graphql/selection';
import { countedList, wholeList } from '../graphql/cost';
import { Role } from '../auth/roles';
import { DeviceType } from '../devices/device.type';
import { ApplicationType, FaultReportType } from './report.type';
import { RuntimeType, runtimeOf } from '../devices/runtime';
import { requireDevice, type Context } from '../graphql/context';
import { ResolutionType } from '../resolutions/resolution.type';
import { FaultSignatureType } from '../signatures/signature.type';
import type { Receipt } from './receipt';
import { FaultReportReceiptType } from './receipt.type';
import type { FaultReport } from './report.entity';
import { FaultReportInput, REPORT_LIMITS } from './report.input';

@Resolver(() => FaultReportReceiptType)
export class ReceiptResolver {
  @Authorized(Role.DEVICE)
  @Mutation(() => FaultReportReceiptType, { description: 'Device: report one fault.' })
  async reportFault(
    @Arg('input', { description: 'The fault as the device collected it.' }) input: FaultReportInput,
    @Ctx() ctx: Context,
  ): Promise<Receipt> {
    const [receipt] = await ctx.services.ingest.ingest(requireDevice(ctx), [input]);
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
    return ctx.services.ingest.ingest(requireDevice(ctx), inputs);
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

  @FieldResolver(() => [ResolutionType], wholeList('Published resolutions that already apply to this device.', 3))
  resolutions(): ResolutionType[] {
    return [];
  }
}

@Resolver(() => FaultReportType)
export class ReportResolver {
  @FieldResolver(() => ApplicationType, { description: 'The application that failed.' })
  application(@Root() report: FaultReport): ApplicationType {
    return {
      name: report.applicationName,
      version: report.applicationVersion,
      type: report.applicationType ?? null,
      vendor: report.applicationVendor ?? null,
    };
  }

  @FieldResolver(() => RuntimeType, {
    nullable: true,
    description: "The execution environment the report named; null when it named none (the device's own is in device.runtime).",
  })
  runtime(@Root() report: FaultReport): RuntimeType | null {
    return runtimeOf(report.runtimeName, report.runtimeVersion);
  }

  @FieldResolver(() => DeviceType, { description: 'The device that sent the report.' })
  device(@Root() report: FaultReport, @Ctx() ctx: Context) {
    return ctx.loaders.device.load(report.device.id);
  }

  @FieldResolver(() => FaultSignatureType, { description: 'The signature the report is grouped in now (after a merge, the target).' })
  signature(@Root() report: FaultReport, @Ctx() ctx: Context) {
    return ctx.loaders.signature.load(report.signature.id);
  }
}
