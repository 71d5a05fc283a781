import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../app/context';
import { requireUser } from '../auth/caller';
import { STAFF } from '../auth/roles';
import { pagedList, wholeList } from '../graphql/cost';
import { pageSize } from '../graphql/connection';
import type { FaultSignature } from '../signatures/signature.entity';
import { FaultSignatureType } from '../signatures/signature.type';
import { StabilityDimension } from './stability.enums';
import { fleetStability, MAX_WINDOW_DAYS, topSignatures } from './stability.service';
import { SignatureImpact, StabilityRow } from './stability.type';

const WINDOW = `The window is [from, to) of when reports were received, at most ${MAX_WINDOW_DAYS} days (STABILITY_WINDOW_INVALID, STABILITY_WINDOW_TOO_LONG).`;

@Resolver(() => SignatureImpact)
export class StabilityResolver {
  @Authorized(...STAFF)
  @Query(
    () => [StabilityRow],
    wholeList(
      `Staff: the fleet's stability by model, firmware or application version, most active devices first, then by value. Active devices checked in or reported a fault in the window. ${WINDOW} APPLICATION_VERSION needs applicationName (STABILITY_APPLICATION_REQUIRED); with the other dimensions, applicationName narrows reports and FATAL reports to that application while every active device still counts.`,
      20,
    ),
  )
  fleetStability(
    @Arg('from', () => Date, { description: 'Start of the window (included).' }) from: Date,
    @Arg('to', () => Date, { description: 'End of the window (excluded).' }) to: Date,
    @Arg('groupBy', () => StabilityDimension, { description: 'What to group by.' }) groupBy: StabilityDimension,
    @Arg('applicationName', () => String, { nullable: true, description: 'The application: whose versions, or whose reports, to count.' })
    applicationName: string | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<StabilityRow[]> {
    return fleetStability(requireUser(ctx).em, { from, to, applicationName: applicationName ?? null }, groupBy);
  }

  @Authorized(...STAFF)
  @Query(() => [SignatureImpact], pagedList(`Staff: the signatures that hit the most devices in the window, then the most reports. ${WINDOW}`, 10))
  topSignatures(
    @Arg('from', () => Date, { description: 'Start of the window (included).' }) from: Date,
    @Arg('to', () => Date, { description: 'End of the window (excluded).' }) to: Date,
    @Arg('first', () => Int, { nullable: true, description: 'How many signatures.' }) first: number | null | undefined,
    @Arg('applicationName', () => String, { nullable: true, description: 'Only reports of this application.' }) applicationName: string | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<SignatureImpact[]> {
    return topSignatures(requireUser(ctx).em, { from, to, applicationName: applicationName ?? null }, pageSize(first, 10));
  }

  @FieldResolver(() => FaultSignatureType, { description: 'The signature (reports merged away count toward the signature they were merged into).' })
  async signature(@Root() impact: SignatureImpact, @Ctx() ctx: Context): Promise<FaultSignature> {
    return (await ctx.loaders.signature.load(impact.signatureId))!;
  }
}
