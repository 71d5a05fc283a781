import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../auth/roles';
import { requireDevice, type Context } from '../graphql/context';
import type { Device } from './device.entity';
import { RegisterDeviceInput, ReportingPolicyInput } from './device.input';
import * as devices from './device.service';
import { DeviceRegistration, DeviceType, ReportingPolicyType } from './device.type';
import { RuntimeType, runtimeOf } from './runtime';

@Resolver(() => DeviceType)
export class DeviceResolver {
  @Authorized(Role.DEVICE)
  @Query(() => ReportingPolicyType, { description: 'Device: its own reporting policy.' })
  async deviceConfig(@Ctx() ctx: Context): Promise<ReportingPolicyType> {
    return (await devices.findDevice(ctx.em, requireDevice(ctx).id)).policy;
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
    return devices.setReportingPolicy(ctx.em, deviceId, input);
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Mutation(() => DeviceType, { description: 'Revoke a device: its token stops working at once.' })
  revokeDevice(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return devices.revokeDevice(ctx.em, ctx.services.bus.pubSub, id);
  }

  @FieldResolver(() => RuntimeType, { nullable: true })
  runtime(@Root() device: Device): RuntimeType | null {
    return runtimeOf(device.runtimeName, device.runtimeVersion);
  }
}
