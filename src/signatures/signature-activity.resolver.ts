import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Role } from '../auth/roles';
import { UserType } from '../auth/user.type';
import { pageSize } from '../graphql/connection';
import { DEFAULT_PAGE, MAX_PAGE, pagedList } from '../graphql/cost';
import type { Context } from '../app/context';
import { requireUser } from '../auth/caller';
import type { SignatureActivity } from './signature-activity.entity';
import { listActivity } from './signature-activity.service';
import { SignatureActivityConnection, SignatureActivityType } from './signature-activity.type';
import type { FaultSignature } from './signature.entity';
import { UpdateSignatureInput } from './signature.input';
import { FaultSignatureType } from './signature.type';
import { updateSignature } from './signature-update.service';

/** Technicians' work on a signature: changes, and the activity that keeps them. */
@Resolver(() => FaultSignatureType)
export class SignatureWorkResolver {
  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Mutation(() => FaultSignatureType, {
    description: 'Change status (through the state machine), assignee and/or add a note; every change lands in activity.',
  })
  updateSignature(
    @Arg('id', () => ID, { description: 'The signature to change.' }) id: string,
    @Arg('input', { description: 'What to change; at least one of status, assigneeId and note.' }) input: UpdateSignatureInput,
    @Ctx() ctx: Context,
  ) {
    return updateSignature(requireUser(ctx), id, input);
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @FieldResolver(() => SignatureActivityConnection, pagedList('What was done to it, newest first.'))
  activity(
    @Root() signature: FaultSignature,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: `Entries to return: 0 to ${MAX_PAGE}, default ${DEFAULT_PAGE}.` })
    first?: number,
    @Arg('after', () => String, { nullable: true, description: 'A cursor from this list: return the entries after it.' })
    after?: string,
  ) {
    return after
      ? listActivity(ctx.em, signature.id, { first, after })
      : ctx.loaders.signatureActivity.load({ signatureId: signature.id, first: pageSize(first) });
  }
}

@Resolver(() => SignatureActivityType)
export class SignatureActivityResolver {
  @FieldResolver(() => UserType, { nullable: true, description: 'Who made the change.' })
  actor(@Root() entry: SignatureActivity, @Ctx() ctx: Context) {
    return entry.actor ? ctx.loaders.user.load(entry.actor.id) : null;
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'ASSIGNED: the new assignee; UNASSIGNED: the one removed.' })
  assignee(@Root() entry: SignatureActivity, @Ctx() ctx: Context) {
    return entry.assignee ? ctx.loaders.user.load(entry.assignee.id) : null;
  }
}
