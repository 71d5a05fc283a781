import type { EntityManager } from '@mikro-orm/postgresql';
import type { PageArgs } from '../graphql/connection';
import { listDeliveriesTo } from '../notifications/webhook-delivery.service';
import { ALERT_CHANNEL_TARGET } from './alert-firing.service';
import { AlertChannel } from './alert-rule.entity';
import { ruleById } from './alert-rule.service';

/**
 * A rule's delivery log: what its channels were sent (alerts and tests, webhooks and e-mails),
 * newest first. Channels replaced by an edit take their deliveries with them (webhookDeliveries
 * keeps every one); a channel restated unchanged keeps its id and its log (updateAlertRule).
 */
export async function alertRuleDeliveries(em: EntityManager, ruleId: string, page: PageArgs) {
  const rule = await ruleById(em, ruleId);
  const channels = await em.find(AlertChannel, { rule }, { fields: ['id'] });
  return listDeliveriesTo(em, ALERT_CHANNEL_TARGET, channels.map((c) => c.id), page);
}
