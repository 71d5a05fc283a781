import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { Role } from '../auth/roles';
import type { Context } from '../app/context';
import { MAX_MERGE_SOURCES, mergeSignatures, unmergeSignature } from './merge.service';
import type { FaultSignature } from './signature.entity';
import { FaultSignatureType } from './signature.type';

/** Grouping controls: because no fingerprint is perfect, technicians can merge and unmerge. */
@Resolver(() => FaultSignatureType)
export class MergeResolver {
  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Mutation(() => FaultSignatureType, {
    description: "Move the sources' reports and counts into the target; new reports of their fingerprints land there too.",
  })
  async mergeSignatures(
    @Arg('targetId', () => ID, { description: 'The signature that keeps the reports; it must not be merged itself.' }) targetId: string,
    @Arg('sourceIds', () => [ID], {
      description: `The signatures to merge into the target: 1 to ${MAX_MERGE_SOURCES}, none merged already, not the target.`,
    })
    sourceIds: string[],
    @Ctx() ctx: Context,
  ) {
    const id = await mergeSignatures(ctx, targetId, sourceIds);
    return ctx.loaders.signature.load(id);
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Mutation(() => FaultSignatureType, { description: 'Undo a merge: the signature gets its reports back.' })
  async unmergeSignature(
    @Arg('id', () => ID, { description: 'A signature merged into another (whose target is not merged itself).' }) id: string,
    @Ctx() ctx: Context,
  ) {
    await unmergeSignature(ctx, id);
    return ctx.loaders.signature.load(id);
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @FieldResolver(() => FaultSignatureType, { nullable: true, description: 'The signature this one is merged into.' })
  mergedInto(@Root() signature: FaultSignature, @Ctx() ctx: Context) {
    return signature.mergedInto ? ctx.loaders.signature.load(signature.mergedInto.id) : null;
  }
}
