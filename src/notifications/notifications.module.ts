import { defineModule } from '../app/module';
import { byId } from '../graphql/loaders';
import { OutboxEventRow } from '../outbox/outbox-event.entity';
import { NotificationOutbox } from './notification.events';
import { WebhookAttempt, WebhookDelivery } from './webhook-delivery.entity';
import { webhookAttemptsLoader } from './webhook-delivery.loaders';
import { WebhookDeliveryResolver } from './webhook-delivery.resolver';
import { attemptDelivery, WEBHOOK_RETRY_POLICY } from './webhook-delivery.service';

/**
 * Outbound messages to other organisations' systems: signed webhooks with their delivery log, one
 * implementation for every kind of receiver (vendors now, alert channels next). Signing, the POST
 * and the URL policy are plumbing (src/webhooks); what to send and to whom is the sender's module.
 */
export const notificationsModule = defineModule({
  name: 'notifications',
  entities: [WebhookDelivery, WebhookAttempt],
  resolvers: [WebhookDeliveryResolver],
  loaders: (em) => ({ webhookAttempts: webhookAttemptsLoader(em), outboxEvent: byId(em, OutboxEventRow) }),
  reactions: { [NotificationOutbox.WEBHOOK_DUE]: attemptDelivery },
  retryPolicies: { [NotificationOutbox.WEBHOOK_DUE]: WEBHOOK_RETRY_POLICY },
});
