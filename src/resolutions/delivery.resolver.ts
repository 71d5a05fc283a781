import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../app/context';
import { requireDevice } from '../auth/caller';
import { Role } from '../auth/roles';
import { DeviceCheckInInput } from '../devices/check-in.input';
import { DeviceType } from '../devices/device.type';
import { wholeList } from '../graphql/cost';
import { checkIn } from './check-in.service';
import { DeviceCheckInType } from './check-in.type';
import { describeResultCodes } from './delivery-workflow';
import { pendingResolutions, reportOutcome } from './delivery.service';
import type { ResolutionDelivery } from './resolution.entity';
import { ResolutionTopics, type ResolutionSnapshot } from './resolution.events';
import { ResolutionOutcomeInput } from './resolution.input';
import { DeliveryEventType, ResolutionDeliveryType, ResolutionType } from './resolution.type';

interface SubscriptionFilter {
  payload: ResolutionSnapshot;
  context: Context;
}

/** A device hears a resolution's event when it was offered the resolution (and, for a withdrawal, has not installed it). */
const hears =
  (installedToo: boolean) =>
  ({ payload, context }: SubscriptionFilter): boolean | Promise<boolean> =>
    context.principal?.kind === 'device' && context.services.resolutionAudience.includes(payload, context.principal.id, installedToo);

/** The resolution as a live event carries it (JSON: its dates as text). */
const fromSnapshot = (s: ResolutionSnapshot) => ({
  ...s,
  publishedAt: s.publishedAt ? new Date(s.publishedAt) : null,
  withdrawnAt: s.withdrawnAt ? new Date(s.withdrawnAt) : null,
});

/** The device's side of resolutions: check in, find what is pending, report how an update went, hear of new ones. */
@Resolver(() => ResolutionDeliveryType)
export class DeliveryResolver {
  @Authorized(Role.DEVICE)
  @Mutation(() => DeviceCheckInType, {
    description:
      'Device: say what it runs (firmware, runtime, installed applications) and that it is alive; answered with its policy and the resolutions waiting for it, in one round trip.',
  })
  checkIn(@Arg('input', { description: 'What the device runs now.' }) input: DeviceCheckInInput, @Ctx() ctx: Context) {
    return checkIn(requireDevice(ctx), input);
  }

  @Authorized(Role.DEVICE)
  @Query(() => [ResolutionType], wholeList('Device: published resolutions offered to it that it has not installed, the newest first.', 3))
  pendingResolutions(@Ctx() ctx: Context) {
    const { em, caller } = requireDevice(ctx);
    return pendingResolutions(em, caller.id);
  }

  @Authorized(Role.DEVICE)
  @Mutation(() => ResolutionDeliveryType, {
    description:
      'Device: where it is with a resolution it was offered: NOTIFIED → DOWNLOADING → DOWNLOADED → INSTALLING → INSTALLED | FAILED ' +
      `(steps may be skipped; FAILED may be retried). Result codes: ${describeResultCodes()}. ` +
      'A move the workflow does not allow is refused (BAD_USER_INPUT, the allowed moves in extensions.transition); an exact repeat is answered as it is; ' +
      'a resolution the device was not offered is NOT_FOUND.',
  })
  reportResolutionOutcome(
    @Arg('resolutionId', () => ID, { description: 'The resolution it was offered.' }) resolutionId: string,
    @Arg('input', { description: 'The step it reached.' }) input: ResolutionOutcomeInput,
    @Ctx() ctx: Context,
  ) {
    return reportOutcome(requireDevice(ctx), resolutionId, input);
  }

  @Authorized(Role.DEVICE)
  @Subscription(() => ResolutionType, {
    topics: ResolutionTopics.RESOLUTION_AVAILABLE,
    filter: hears(true),
    description: 'Device: a resolution was published that applies to it (it is then in pendingResolutions too).',
  })
  resolutionAvailable(@Root() event: ResolutionSnapshot) {
    return fromSnapshot(event);
  }

  @Authorized(Role.DEVICE)
  @Subscription(() => ResolutionType, {
    topics: ResolutionTopics.RESOLUTION_WITHDRAWN,
    filter: hears(false),
    description: 'Device: a resolution it was offered and has not installed was withdrawn: do not apply it (it left pendingResolutions).',
  })
  resolutionWithdrawn(@Root() event: ResolutionSnapshot) {
    return fromSnapshot(event);
  }

  @FieldResolver(() => ResolutionType, { description: 'The resolution offered.' })
  resolution(@Root() delivery: ResolutionDelivery, @Ctx() ctx: Context) {
    return ctx.loaders.resolution.load(delivery.resolution.id);
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @FieldResolver(() => DeviceType, { description: 'The device it was offered to.' })
  device(@Root() delivery: ResolutionDelivery, @Ctx() ctx: Context) {
    return ctx.loaders.device.load(delivery.device.id);
  }

  @FieldResolver(() => [DeliveryEventType], wholeList('Every step the device reported after it was offered, the oldest first.', 5))
  history(@Root() delivery: ResolutionDelivery, @Ctx() ctx: Context) {
    return ctx.loaders.deliveryHistory.load(delivery.id);
  }
}
