import type { EntityManager } from '@mikro-orm/postgresql';
import { escapeHtml } from '../mail/html';
import type { Scope } from '../app/context';
import type { Services } from '../app/services';
import type { UserPrincipal } from '../auth/principal';
import type { Query } from '../db/sql';
import type { OutboxEvent } from '../events/outbox';
import { isMailAddress, mailtoUrl } from '../mail/address';
import { recipientsInvalid } from './notification.errors';
import { WebhookDelivery } from './webhook-delivery.entity';
import { NotificationChannel, WebhookDeliveryStatus } from './webhook-delivery.enums';
import { queueDeliveries, recordAttempt } from './webhook-delivery.service';

/** The header that names the delivery in every e-mail, as `faultbase-delivery` does in a webhook. */
export const EMAIL_DELIVERY_HEADER = 'Faultbase-Delivery';

/** Recipients of one e-mail at most: an alert goes to a team's address or a few people, not a list. */
export const MAX_RECIPIENTS = 50;

export interface EmailMessage {
  /** Who the e-mail is about or for (an alert rule, the admin who asked for a test): the log's filter. */
  target: { kind: string; id: string };
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** `alert.fired`, `alert.test`, `email.test`, … */
  type: string;
}

/** What the delivery's body keeps: the message every attempt sends, exactly. */
interface FrozenEmail {
  id: string;
  type: string;
  createdAt: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** Plain addresses, 1 to MAX_RECIPIENTS of them; refused whole otherwise, with each bad one's index. */
export function checkRecipients(to: readonly string[]): void {
  const problems = to.flatMap((address, i) => (isMailAddress(address) ? [] : [{ path: ['to', i], message: `"${address.slice(0, 100)}" is not an e-mail address (local@domain)` }]));
  if (to.length === 0) problems.push({ path: ['to'], message: 'at least one recipient is needed' });
  if (to.length > MAX_RECIPIENTS) problems.push({ path: ['to'], message: `at most ${MAX_RECIPIENTS} recipients` });
  if (problems.length) throw recipientsInvalid(problems);
}

/**
 * One e-mail as a delivery to queue (queueDeliveries), with the message frozen in it; recipients
 * are checked first (EMAIL_RECIPIENTS_INVALID) and duplicates dropped. Nothing is written yet.
 */
export function emailDelivery(mail: EmailMessage): WebhookDelivery {
  checkRecipients(mail.to);
  const to = [...new Set(mail.to)];
  const delivery = new WebhookDelivery();
  const frozen: FrozenEmail = {
    id: delivery.id,
    type: mail.type,
    createdAt: delivery.createdAt.toISOString(),
    to,
    // A subject is one header line whatever the sender passed.
    subject: mail.subject.replace(/\s+/g, ' ').trim(),
    text: mail.text,
    html: mail.html,
  };
  Object.assign(delivery, {
    channel: NotificationChannel.EMAIL,
    targetKind: mail.target.kind,
    targetId: mail.target.id,
    eventType: mail.type,
    url: mailtoUrl(to),
    body: JSON.stringify(frozen),
  });
  return delivery;
}

/**
 * Queues one e-mail, inside the caller's transaction (em.transactional), as enqueueWebhook does a
 * webhook: the delivery and the outbox event that sends it commit with the change they tell of, or
 * neither does; the caller nudges the outbox after the commit.
 */
export async function enqueueEmail(em: EntityManager, mail: EmailMessage): Promise<WebhookDelivery> {
  const [delivery] = await queueDeliveries(em, [emailDelivery(mail)]);
  return delivery!;
}

const LOAD: Query = {
  name: 'email_delivery_load',
  text: `SELECT id, url, body, status FROM webhook_delivery WHERE id = $1 AND channel = 'EMAIL'`,
};

interface LoadedEmail {
  [key: string]: unknown;
  id: string;
  url: string;
  body: string;
  status: WebhookDeliveryStatus;
}

/**
 * The outbox reaction: one attempt of one e-mail, logged. Accepted: DELIVERED. Refused for good (a
 * 5xx reply, no SMTP server configured): FAILED at once, since the same message would be refused
 * again (an admin may retry it once the cause is mended). Anything else (4xx, the server down, a
 * timeout) throws, so that the outbox tries again with the delivery policy; its last try fails it.
 */
export async function attemptEmail(event: OutboxEvent, services: Services): Promise<void> {
  const { deliveryId } = event.payload as { deliveryId: string };
  const { sql, mailer } = services;
  const [delivery] = await sql.query<LoadedEmail>(LOAD, [deliveryId]);
  if (!delivery || delivery.status !== WebhookDeliveryStatus.PENDING) return;
  const mail = JSON.parse(delivery.body) as FrozenEmail;
  const started = performance.now();
  const result = await mailer.send({
    id: delivery.id,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: { [EMAIL_DELIVERY_HEADER]: delivery.id },
  });
  const durationMs = Math.round(performance.now() - started);
  const error = result.ok ? null : result.error;
  const final = event.final || (!result.ok && result.permanent);
  await recordAttempt(sql, delivery.id, { url: delivery.url, statusCode: result.responseCode, error, durationMs }, final);
  if (!result.ok && !result.permanent) throw new Error(`e-mail delivery ${delivery.id}: ${error}`);
}


/**
 * An admin's check of the SMTP settings: one e-mail to `to`, through the same log, outbox and
 * mailer as alerts, so that what it shows (delivered, refused and why, retrying) is what alerts
 * will meet.
 */
export async function sendTestEmail({ em, caller, services }: Scope<UserPrincipal>, to: string[]): Promise<WebhookDelivery> {
  const { publicUrl, mailFrom } = services.config;
  const link = publicUrl ? `\n\nThe console: ${publicUrl}` : '';
  const delivery = await em.transactional((tx) =>
    enqueueEmail(tx, {
      target: { kind: 'USER', id: caller.id },
      type: 'email.test',
      to,
      subject: 'faultbase test e-mail',
      text: `This is a test e-mail from faultbase, sent as ${mailFrom}. If you read it, alerts by e-mail will reach you.${link}`,
      html:
        `<p>This is a test e-mail from faultbase, sent as ${escapeHtml(mailFrom)}. If you read it, alerts by e-mail will reach you.</p>` +
        (publicUrl ? `<p><a href="${escapeHtml(publicUrl)}">The console</a></p>` : ''),
    }),
  );
  services.outbox.nudge();
  return delivery;
}
