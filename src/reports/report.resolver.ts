import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../app/context';
import { DeviceType } from '../devices/device.type';
import { RuntimeType, runtimeOf } from '../devices/runtime';
import { FaultSignatureType } from '../signatures/signature.type';
import type { FaultReport } from './report.entity';
import { ApplicationType, FaultReportType } from './report.type';

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
