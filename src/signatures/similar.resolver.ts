import { Arg, Authorized, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../app/context';
import { Role } from '../auth/roles';
import { pagedList } from '../graphql/cost';
import { pageSize } from '../graphql/connection';
import type { FaultSignature } from './signature.entity';
import { FaultSignatureType } from './signature.type';
import { SimilarSignatureType } from './similar.type';

const DEFAULT_SUGGESTIONS = 5;
const MAX_SUGGESTIONS = 20;

@Resolver(() => FaultSignatureType)
export class SimilarSignaturesResolver {
  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @FieldResolver(
    () => [SimilarSignatureType],
    pagedList(
      'Signatures of the same application that may be the same fault, most alike first, each with a score and the reason; ' +
        'none that shares nothing. For where a fingerprint could not decide: merge with mergeSignatures.',
      DEFAULT_SUGGESTIONS,
      MAX_SUGGESTIONS,
    ),
  )
  async similar(
    @Root() signature: FaultSignature,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: `Suggestions to return: 0 to ${MAX_SUGGESTIONS}, default ${DEFAULT_SUGGESTIONS}.` })
    first?: number,
  ) {
    const n = pageSize(first, DEFAULT_SUGGESTIONS, MAX_SUGGESTIONS);
    return (await ctx.loaders.similar.load(signature.id)).slice(0, n);
  }
}

@Resolver(() => SimilarSignatureType)
export class SimilarSignatureResolver {
  @FieldResolver(() => FaultSignatureType, { description: 'The signature suggested.' })
  signature(@Root() similar: SimilarSignatureType, @Ctx() ctx: Context) {
    return ctx.loaders.signature.load(similar.signatureId);
  }
}
