import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../auth/roles';
import { pageSize } from '../graphql/connection';
import { DEFAULT_PAGE, MAX_PAGE, pagedList, wholeList } from '../graphql/cost';
import type { Context } from '../app/context';
import { requireDevice, requireUser } from '../auth/caller';
import { FaultReportType } from '../reports/report.type';
import { FaultSignatureType } from '../signatures/signature.type';
import type { Device } from './device.entity';
import { DeviceFilter, RegisterDeviceInput, ReportingPolicyInput } from './device.input';
import * as devices from './device.service';
import { DeviceConnection, DeviceRegistration, DeviceType, InstalledApplicationType, ReportingPolicyType } from './device.type';
import { RuntimeType, runtimeOf } from './runtime';

/** recentReports and signatures are short lists, not connections: the latest few, for a device page. */
const DEVICE_LIST_DEFAULT = 10;

@Resolver(() => DeviceType)
export class DeviceResolver {
  @Authorized(Role.DEVICE)
  @Query(() => ReportingPolicyType, { description: 'Device: its own reporting policy.' })
  async deviceConfig(@Ctx() ctx: Context): Promise<ReportingPolicyType> {
    return (await devices.findDevice(ctx.em, requireDevice(ctx).caller.id)).policy;
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Query(
    () => DeviceConnection,
    pagedList('Devices, the most recently reporting first; those that never reported last, newest enrolled first.'),
  )
  devices(
    @Ctx() ctx: Context,
    @Arg('filter', () => DeviceFilter, { nullable: true, description: 'Only the devices that match; every device when absent.' })
    filter?: DeviceFilter,
    @Arg('first', () => Int, { nullable: true, description: `Devices to return: 0 to ${MAX_PAGE}, default ${DEFAULT_PAGE}.` })
    first?: number,
    @Arg('after', () => String, { nullable: true, description: 'A cursor from this list: return the devices after it.' })
    after?: string,
  ) {
    return devices.listDevices(ctx.em, filter, { first, after });
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Query(() => DeviceType, { nullable: true, description: 'A device by its id; null when there is none.' })
  device(@Arg('id', () => ID, { description: "The device's id." }) id: string, @Ctx() ctx: Context): Promise<Device | null> {
    return devices.deviceById(ctx.em, id);
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Mutation(() => DeviceRegistration, { description: 'Enrol a device; its token is returned only here.' })
  registerDevice(@Arg('input', { description: 'The device to enrol.' }) input: RegisterDeviceInput, @Ctx() ctx: Context) {
    return devices.registerDevice(requireUser(ctx), input);
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Mutation(() => DeviceType, {
    description: "Change a device's reporting policy; it applies to the device's next request and to what it reads in deviceConfig.",
  })
  setReportingPolicy(
    @Arg('deviceId', () => ID, { description: 'The device whose policy changes.' }) deviceId: string,
    @Arg('input', { description: 'The settings to change; absent ones stay as they are.' }) input: ReportingPolicyInput,
    @Ctx() ctx: Context,
  ) {
    return devices.setReportingPolicy(requireUser(ctx), deviceId, input);
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Mutation(() => DeviceType, { description: 'Revoke a device: its token stops working at once.' })
  revokeDevice(@Arg('id', () => ID, { description: 'The device to revoke.' }) id: string, @Ctx() ctx: Context) {
    return devices.revokeDevice(requireUser(ctx), id);
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @FieldResolver(() => [InstalledApplicationType], wholeList('Its installed applications by name, as it said at its last check-in; empty when it never listed them.', 10))
  applications(@Root() device: Device, @Ctx() ctx: Context) {
    return ctx.loaders.deviceApplications.load(device.id);
  }

  @FieldResolver(() => RuntimeType, { nullable: true, description: 'The execution environment, as given at enrolment or at its last check-in; null when none was given.' })
  runtime(@Root() device: Device): RuntimeType | null {
    return runtimeOf(device.runtimeName, device.runtimeVersion);
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @FieldResolver(() => [FaultReportType], pagedList('Its latest reports, newest first.', DEVICE_LIST_DEFAULT))
  recentReports(
    @Root() device: Device,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: `Reports to return: 0 to ${MAX_PAGE}, default ${DEVICE_LIST_DEFAULT}.` })
    first?: number,
  ) {
    return ctx.loaders.deviceReports.load({ deviceId: device.id, first: pageSize(first, DEVICE_LIST_DEFAULT) });
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @FieldResolver(() => [FaultSignatureType], pagedList('Signatures it reported, the one it reported most recently first.', DEVICE_LIST_DEFAULT))
  signatures(
    @Root() device: Device,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: `Signatures to return: 0 to ${MAX_PAGE}, default ${DEVICE_LIST_DEFAULT}.` })
    first?: number,
  ) {
    return ctx.loaders.deviceSignatures.load({ deviceId: device.id, first: pageSize(first, DEVICE_LIST_DEFAULT) });
  }
}
