import { Arg, Authorized, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../app/context';
import { Role } from '../auth/roles';
import { DEFAULT_PAGE, MAX_PAGE, pagedList } from '../graphql/cost';
import { WebhookDeliveryConnection } from '../notifications/webhook-delivery.type';
import { alertRuleDeliveries } from './alert-delivery.service';

@Resolver()
export class AlertDeliveryResolver {
  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Query(
    () => WebhookDeliveryConnection,
    pagedList("Staff: an alert rule's delivery log, what its channels were sent (alerts and tests), newest first; ALERT_RULE_NOT_FOUND when there is no such rule."),
  )
  alertRuleDeliveries(
    @Arg('id', () => ID, { description: "The rule's id." }) id: string,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: `Deliveries to return: 0 to ${MAX_PAGE}, default ${DEFAULT_PAGE}.` }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'A cursor from this list: return the deliveries after it.' }) after?: string,
  ) {
    return alertRuleDeliveries(ctx.em, id, { first, after });
  }
}
