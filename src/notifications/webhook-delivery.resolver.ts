import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../app/context';
import { requireUser } from '../auth/caller';
import { Role } from '../auth/roles';
import { pagedList, wholeList } from '../graphql/cost';
import type { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookDeliveryStatus } from './webhook-delivery.enums';
import { deliveryById, listDeliveries, retryDelivery } from './webhook-delivery.service';
import { WebhookAttemptType, WebhookDeliveryConnection, WebhookDeliveryFilter, WebhookDeliveryType } from './webhook-delivery.type';

@Resolver(() => WebhookDeliveryType)
export class WebhookDeliveryResolver {
  @Authorized(Role.ADMIN)
  @Query(() => WebhookDeliveryConnection, pagedList('Admin: deliveries to vendors and alert channels, webhooks and e-mails (channel), newest first.'))
  webhookDeliveries(
    @Ctx() ctx: Context,
    @Arg('filter', () => WebhookDeliveryFilter, { nullable: true, description: 'Which deliveries; all when absent.' }) filter?: WebhookDeliveryFilter,
    @Arg('first', () => Int, { nullable: true, description: 'Items to return: 0 to 100, default 20.' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'A cursor from this list: return the items after it.' }) after?: string,
  ) {
    return listDeliveries(ctx.em, filter, { first, after });
  }

  @Authorized(Role.ADMIN)
  @Query(() => WebhookDeliveryType, { description: 'Admin: one webhook delivery with its attempts; WEBHOOK_DELIVERY_NOT_FOUND when there is none.' })
  webhookDelivery(@Arg('id', () => ID, { description: 'The delivery id (the `faultbase-delivery` header).' }) id: string, @Ctx() ctx: Context) {
    return deliveryById(ctx.em, id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => WebhookDeliveryType, {
    description: 'Admin: try a delivery now: a PENDING one at once instead of at its next retry; a FAILED, SKIPPED or DELIVERED one again (same body and id).',
  })
  retryWebhookDelivery(@Arg('id', () => ID, { description: 'The delivery.' }) id: string, @Ctx() ctx: Context) {
    return retryDelivery(requireUser(ctx), id);
  }

  @FieldResolver(() => [WebhookAttemptType], wholeList('Its attempts, the newest first (at most the last 50).', 15))
  attemptLog(@Root() delivery: WebhookDelivery, @Ctx() ctx: Context) {
    return ctx.loaders.webhookAttempts.load(delivery.id);
  }

  @FieldResolver(() => Date, { nullable: true, description: 'PENDING: when the next attempt runs, at the earliest; null otherwise.' })
  async nextAttemptAt(@Root() delivery: WebhookDelivery, @Ctx() ctx: Context): Promise<Date | null> {
    if (delivery.status !== WebhookDeliveryStatus.PENDING || !delivery.outboxEventId) return null;
    const event = await ctx.loaders.outboxEvent.load(delivery.outboxEventId);
    return event?.status === 'PENDING' ? event.availableAt : null;
  }
}
