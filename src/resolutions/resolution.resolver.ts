import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../app/context';
import { requireUser } from '../auth/caller';
import { Role } from '../auth/roles';
import { UserType } from '../auth/user.type';
import { DEFAULT_PAGE, MAX_PAGE, pagedList, wholeList } from '../graphql/cost';
import { FaultSignatureType } from '../signatures/signature.type';
import { listDeliveries } from './delivery.service';
import type { Resolution } from './resolution.entity';
import { DeliveryState } from './resolution.enums';
import { CreateResolutionInput, ResolutionFilter, UpdateResolutionInput } from './resolution.input';
import { createResolution, listResolutions, publishResolution, resolutionById, updateResolution, withdrawResolution } from './resolution.service';
import {
  DeliveryStatsType,
  EffectivenessType,
  ResolutionConnection,
  ResolutionDeliveryConnection,
  ResolutionPackageType,
  ResolutionTargetType,
  ResolutionType,
} from './resolution.type';

const STAFF = [Role.ADMIN, Role.TECHNICIAN];

/** The knowledge base, for operator staff: write, publish, withdraw, and see how a fix went. */
@Resolver(() => ResolutionType)
export class ResolutionResolver {
  @Authorized(...STAFF)
  @Query(() => ResolutionConnection, pagedList('Resolutions, the newest first.'))
  resolutions(
    @Ctx() ctx: Context,
    @Arg('filter', () => ResolutionFilter, { nullable: true, description: 'Only the resolutions that match; all when absent.' })
    filter?: ResolutionFilter,
    @Arg('first', () => Int, { nullable: true, description: `Resolutions to return: 0 to ${MAX_PAGE}, default ${DEFAULT_PAGE}.` })
    first?: number,
    @Arg('after', () => String, { nullable: true, description: 'A cursor from this list: return the resolutions after it.' })
    after?: string,
  ) {
    return listResolutions(ctx.em, filter, { first, after });
  }

  @Authorized(...STAFF)
  @Query(() => ResolutionType, { nullable: true, description: 'A resolution by its id; null when there is none.' })
  resolution(@Arg('id', () => ID, { description: "The resolution's id." }) id: string, @Ctx() ctx: Context) {
    return resolutionById(ctx.em, id);
  }

  @Authorized(...STAFF)
  @Mutation(() => ResolutionType, { description: 'Write a resolution for one or more signatures; it starts as a DRAFT, which devices do not see.' })
  createResolution(@Arg('input', { description: 'The resolution.' }) input: CreateResolutionInput, @Ctx() ctx: Context) {
    return createResolution(requireUser(ctx), input);
  }

  @Authorized(...STAFF)
  @Mutation(() => ResolutionType, { description: 'Change a DRAFT (a published resolution is what devices were told: withdraw it and write another).' })
  updateResolution(
    @Arg('id', () => ID, { description: 'The draft to change.' }) id: string,
    @Arg('input', { description: 'What to change.' }) input: UpdateResolutionInput,
    @Ctx() ctx: Context,
  ) {
    return updateResolution(requireUser(ctx), id, input);
  }

  @Authorized(...STAFF)
  @Mutation(() => ResolutionType, {
    description:
      'DRAFT → PUBLISHED: its signatures move to RESOLVED (unless IGNORED), and every targeted device that reported one is offered it ' +
      '(resolutionAvailable when connected, pendingResolutions and checkIn otherwise). Answers at once; the offers follow within moments.',
  })
  publishResolution(@Arg('id', () => ID, { description: 'The draft to publish.' }) id: string, @Ctx() ctx: Context) {
    return publishResolution(requireUser(ctx), id);
  }

  @Authorized(...STAFF)
  @Mutation(() => ResolutionType, {
    description: 'PUBLISHED → WITHDRAWN: no device is offered it any more, and devices that have not installed it stop seeing it (resolutionWithdrawn).',
  })
  withdrawResolution(@Arg('id', () => ID, { description: 'The resolution to withdraw.' }) id: string, @Ctx() ctx: Context) {
    return withdrawResolution(requireUser(ctx), id);
  }

  @FieldResolver(() => ResolutionPackageType, { nullable: true, description: 'The package to download; null when there is none.' })
  package(@Root() r: Resolution): ResolutionPackageType | null {
    return r.packageUrl ? { url: r.packageUrl, sha256: r.packageSha256!, sizeBytes: Number(r.packageSizeBytes) } : null;
  }

  @Authorized(...STAFF)
  @FieldResolver(() => ResolutionTargetType, { nullable: true, description: 'Which affected devices it is for; null: every device that reported its signatures.' })
  target(@Root() r: Resolution): ResolutionTargetType | null {
    const target = {
      manufacturer: r.targetManufacturer ?? null,
      model: r.targetModel ?? null,
      applicationName: r.targetApplicationName ?? null,
      applicationVersionRange: r.targetAppRange ?? null,
      firmwareRange: r.targetFirmwareRange ?? null,
    };
    return Object.values(target).some((v) => v != null) ? target : null;
  }

  @Authorized(...STAFF)
  @FieldResolver(() => [FaultSignatureType], wholeList('The signatures it answers.', 3))
  signatures(@Root() r: Resolution, @Ctx() ctx: Context) {
    return ctx.loaders.resolutionSignatures.load(r.id);
  }

  @Authorized(...STAFF)
  @FieldResolver(() => UserType, { nullable: true, description: 'Who wrote it; null once that user is deleted.' })
  createdBy(@Root() r: Resolution, @Ctx() ctx: Context) {
    return r.createdBy ? ctx.loaders.user.load(r.createdBy.id) : null;
  }

  @Authorized(...STAFF)
  @FieldResolver(() => Date, { description: 'When it was written.' })
  createdAt(@Root() r: Resolution): Date {
    return r.createdAt;
  }

  @Authorized(...STAFF)
  @FieldResolver(() => Date, { description: 'When it last changed.' })
  updatedAt(@Root() r: Resolution): Date {
    return r.updatedAt;
  }

  @Authorized(...STAFF)
  @FieldResolver(() => DeliveryStatsType, { description: 'Where the devices offered it are with it now.' })
  deliveryStats(@Root() r: Resolution, @Ctx() ctx: Context) {
    return ctx.loaders.deliveryStats.load(r.id);
  }

  @Authorized(...STAFF)
  @FieldResolver(() => Boolean, {
    description:
      'Whether its offers are still being made: published, and the fan-out to the affected devices has yet to run (or is retried). ' +
      'deliveryStats.notified grows until it is false; false for drafts.',
  })
  offering(@Root() r: Resolution, @Ctx() ctx: Context) {
    return ctx.loaders.offering.load(r.id);
  }

  @Authorized(...STAFF)
  @FieldResolver(() => EffectivenessType, { description: 'Whether it worked, from the fleet’s evidence.' })
  effectiveness(@Root() r: Resolution, @Ctx() ctx: Context) {
    return ctx.loaders.effectiveness.load(r.id);
  }

  @Authorized(...STAFF)
  @FieldResolver(() => ResolutionDeliveryConnection, pagedList('The devices it was offered to, the most recently changed first.'))
  deliveries(
    @Root() r: Resolution,
    @Ctx() ctx: Context,
    @Arg('state', () => DeliveryState, { nullable: true, description: 'Only deliveries in this state.' }) state?: DeliveryState,
    @Arg('first', () => Int, { nullable: true, description: `Deliveries to return: 0 to ${MAX_PAGE}, default ${DEFAULT_PAGE}.` })
    first?: number,
    @Arg('after', () => String, { nullable: true, description: 'A cursor from this list: return the deliveries after it.' })
    after?: string,
  ) {
    return listDeliveries(ctx.em, r.id, state, { first, after });
  }
}
