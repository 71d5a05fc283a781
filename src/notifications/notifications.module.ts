import { defineModule } from '../app/module';
import { byId } from '../graphql/loaders';
import { OutboxEventRow } from '../outbox/outbox-event.entity';
import { attemptEmail } from './email-delivery.service';
import { EmailDeliveryResolver } from './email-delivery.resolver';
import { NotificationOutbox } from './notification.events';
import { WebhookAttempt, WebhookDelivery } from './webhook-delivery.entity';
import { webhookAttemptsLoader } from './webhook-delivery.loaders';
import { WebhookDeliveryResolver } from './webhook-delivery.resolver';
import { attemptDelivery, WEBHOOK_RETRY_POLICY } from './webhook-delivery.service';

/**
 * Outbound messages to other organisations' systems and to people: signed webhooks and e-mails,
 * with one delivery log, one implementation for every kind of receiver (vendors now, alert channels
 * next). Signing, the POST and the URL policy (src/webhooks) and the SMTP mailer (src/mail) are
 * plumbing; what to send and to whom is the sender's module: it calls enqueueWebhook or
 * enqueueEmail in its transaction.
 */
export const notificationsModule = defineModule({
  name: 'notifications',
  entities: [WebhookDelivery, WebhookAttempt],
  resolvers: [WebhookDeliveryResolver, EmailDeliveryResolver],
  loaders: (em) => ({ webhookAttempts: webhookAttemptsLoader(em), outboxEvent: byId(em, OutboxEventRow) }),
  reactions: { [NotificationOutbox.WEBHOOK_DUE]: attemptDelivery, [NotificationOutbox.EMAIL_DUE]: attemptEmail },
  retryPolicies: { [NotificationOutbox.WEBHOOK_DUE]: WEBHOOK_RETRY_POLICY, [NotificationOutbox.EMAIL_DUE]: WEBHOOK_RETRY_POLICY },
});
