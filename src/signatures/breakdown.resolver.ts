import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../app/context';
import { wholeList } from '../graphql/cost';
import { BreakdownDimension, BreakdownEntry, SignatureBreakdowns } from './signature.type';

/** Values a breakdown usually has (application versions, models…), for the cost estimate. */
const BREAKDOWN_ITEMS = 20;

/** Each field goes through the request's breakdown loader: one query for a whole page. */
@Resolver(() => SignatureBreakdowns)
export class BreakdownResolver {
  @FieldResolver(() => [BreakdownEntry], wholeList('By the version of the application that failed.', BREAKDOWN_ITEMS))
  byApplicationVersion(@Root() root: SignatureBreakdowns, @Ctx() ctx: Context) {
    return ctx.loaders.breakdown.load({ signatureId: root.signatureId, dimension: BreakdownDimension.APPLICATION_VERSION });
  }

  @FieldResolver(() => [BreakdownEntry], wholeList('By device model.', BREAKDOWN_ITEMS))
  byModel(@Root() root: SignatureBreakdowns, @Ctx() ctx: Context) {
    return ctx.loaders.breakdown.load({ signatureId: root.signatureId, dimension: BreakdownDimension.MODEL });
  }

  @FieldResolver(() => [BreakdownEntry], wholeList('By device firmware version.', BREAKDOWN_ITEMS))
  byFirmware(@Root() root: SignatureBreakdowns, @Ctx() ctx: Context) {
    return ctx.loaders.breakdown.load({ signatureId: root.signatureId, dimension: BreakdownDimension.FIRMWARE });
  }

  @FieldResolver(() => [BreakdownEntry], wholeList('By runtime (name and version, e.g. MIDP 2.0).', BREAKDOWN_ITEMS))
  byRuntime(@Root() root: SignatureBreakdowns, @Ctx() ctx: Context) {
    return ctx.loaders.breakdown.load({ signatureId: root.signatureId, dimension: BreakdownDimension.RUNTIME });
  }
}
