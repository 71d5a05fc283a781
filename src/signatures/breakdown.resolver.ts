import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context';
import { BreakdownDimension, BreakdownEntry, SignatureBreakdowns } from './signature.type';

/** Each field goes through the request's breakdown loader: one query for a whole page. */
@Resolver(() => SignatureBreakdowns)
export class BreakdownResolver {
  @FieldResolver(() => [BreakdownEntry])
  byApplicationVersion(@Root() root: SignatureBreakdowns, @Ctx() ctx: Context) {
    return ctx.loaders.breakdown.load({ signatureId: root.signatureId, dimension: BreakdownDimension.APPLICATION_VERSION });
  }

  @FieldResolver(() => [BreakdownEntry])
  byModel(@Root() root: SignatureBreakdowns, @Ctx() ctx: Context) {
    return ctx.loaders.breakdown.load({ signatureId: root.signatureId, dimension: BreakdownDimension.MODEL });
  }

  @FieldResolver(() => [BreakdownEntry])
  byFirmware(@Root() root: SignatureBreakdowns, @Ctx() ctx: Context) {
    return ctx.loaders.breakdown.load({ signatureId: root.signatureId, dimension: BreakdownDimension.FIRMWARE });
  }

  @FieldResolver(() => [BreakdownEntry])
  byRuntime(@Root() root: SignatureBreakdowns, @Ctx() ctx: Context) {
    return ctx.loaders.breakdown.load({ signatureId: root.signatureId, dimension: BreakdownDimension.RUNTIME });
  }
}
