import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../auth/roles';
import { pageSize } from '../graphql/connection';
import { pagedList } from '../graphql/cost';
import { requireDevice, type Context } from '../graphql/context';
import { FaultReportType } from '../reports/report.type';
import { FaultSignatureType } from '../signatures/signature.type';
import type { Device } from './device.entity';
import { DeviceFilter, RegisterDeviceInput, ReportingPolicyInput } from './device.input';
import * as devices from './device.service';
import { DeviceConnection, DeviceRegistration, DeviceType, ReportingPolicyType } from './device.type';
import { RuntimeType, runtimeOf } from './runtime';

/** recentReports and signatures are short lists, not connections: the latest few, for a device page. */
const DEVICE_LIST_DEFAULT = 10;

@Resolver(() => DeviceType)
export class DeviceResolver {
  @Authorized(Role.DEVICE)
  @Query(() => ReportingPolicyType, { description: 'Device: its own reporting policy.' })
  async deviceConfig(@Ctx() ctx: Context): Promise<ReportingPolicyType> {
    return (await devices.findDevice(ctx.em, requireDevice(ctx).id)).policy;
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Query(
    () => DeviceConnection,
    pagedList('Devices, the most recently reporting first; those that never reported last, newest enrolled first.'),
  )
  devices(
    @Ctx() ctx: Context,
    @Arg('filter', () => DeviceFilter, { nullable: true }) filter?: DeviceFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return devices.listDevices(ctx.em, filter, { first, after });
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Query(() => DeviceType, { nullable: true })
  device(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Device | null> {
    return devices.deviceById(ctx.em, id);
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Mutation(() => DeviceRegistration, { description: 'Enrol a device; its token is returned only here.' })
  registerDevice(@Arg('input') input: RegisterDeviceInput, @Ctx() ctx: Context) {
    return devices.registerDevice(ctx.em, input);
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Mutation(() => DeviceType)
  setReportingPolicy(
    @Arg('deviceId', () => ID) deviceId: string,
    @Arg('input') input: ReportingPolicyInput,
    @Ctx() ctx: Context,
  ) {
    return devices.setReportingPolicy(ctx.em, ctx.services.principals, deviceId, input);
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Mutation(() => DeviceType, { description: 'Revoke a device: its token stops working at once.' })
  revokeDevice(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return devices.revokeDevice(ctx.em, ctx.services.principals, id);
  }

  @FieldResolver(() => RuntimeType, { nullable: true })
  runtime(@Root() device: Device): RuntimeType | null {
    return runtimeOf(device.runtimeName, device.runtimeVersion);
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @FieldResolver(() => [FaultReportType], pagedList('Its latest reports, newest first.', DEVICE_LIST_DEFAULT))
  recentReports(@Root() device: Device, @Ctx() ctx: Context, @Arg('first', () => Int, { nullable: true }) first?: number) {
    return ctx.loaders.deviceReports.load({ deviceId: device.id, first: pageSize(first, DEVICE_LIST_DEFAULT) });
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @FieldResolver(() => [FaultSignatureType], pagedList('Signatures it reported, the one it reported most recently first.', DEVICE_LIST_DEFAULT))
  signatures(@Root() device: Device, @Ctx() ctx: Context, @Arg('first', () => Int, { nullable: true }) first?: number) {
    return ctx.loaders.deviceSignatures.load({ deviceId: device.id, first: pageSize(first, DEVICE_LIST_DEFAULT) });
  }
}
