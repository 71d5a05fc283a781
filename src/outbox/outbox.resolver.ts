import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../app/context';
import { requireUser } from '../auth/caller';
import { Role } from '../auth/roles';
import { pagedList } from '../graphql/cost';
import type { OutboxEventRow } from './outbox-event.entity';
import { listOutboxEvents, outboxSummary, retryOutboxEvent, stateOf } from './outbox.service';
import { OutboxEventConnection, OutboxEventType, OutboxState, OutboxSummaryType } from './outbox.type';

@Resolver(() => OutboxEventType)
export class OutboxResolver {
  @Authorized(Role.ADMIN)
  @Query(() => OutboxEventConnection, pagedList('Admin: the outbox\'s reactions (alerts, webhooks…), newest first.'))
  outboxEvents(
    @Ctx() ctx: Context,
    @Arg('state', () => OutboxState, { nullable: true, description: 'Only those in this state; all when absent.' }) state?: OutboxState,
    @Arg('first', () => Int, { nullable: true, description: 'Items to return: 0 to 100, default 20.' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'A cursor from this list: return the items after it.' }) after?: string,
  ) {
    return listOutboxEvents(ctx.em, state, { first, after });
  }

  @Authorized(Role.ADMIN)
  @Query(() => OutboxSummaryType, { description: 'Admin: how many reactions are pending, retrying, dead and done.' })
  outboxSummary(@Ctx() ctx: Context) {
    return outboxSummary(ctx.em);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => OutboxEventType, { description: 'Admin: run a DEAD reaction again, its attempts counted from zero.' })
  retryOutboxEvent(@Arg('id', () => ID, { description: 'The dead event.' }) id: string, @Ctx() ctx: Context) {
    return retryOutboxEvent(requireUser(ctx), id);
  }

  @FieldResolver(() => OutboxState, { description: 'Where it is.' })
  state(@Root() row: OutboxEventRow): OutboxState {
    return stateOf(row);
  }

  @FieldResolver(() => Date, { nullable: true, description: 'PENDING and RETRYING: when it runs next (at the earliest); null otherwise.' })
  nextAttemptAt(@Root() row: OutboxEventRow): Date | null {
    return row.status === 'PENDING' ? row.availableAt : null;
  }
}
