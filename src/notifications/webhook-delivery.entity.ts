import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { timeOrderedId } from '../db/ids';
import { NotificationChannel, WebhookDeliveryStatus } from './webhook-delivery.enums';

/**
 * One event for one receiver: the body is written once, when the event happens, and every attempt
 * sends exactly it (receivers deduplicate by its id); only the signature's time changes. Where it
 * goes is asked of its target (a vendor, an alert channel) at each attempt, so a corrected URL or a
 * rotated secret applies to the retries too.
 *
 * E-mails are deliveries too (channel EMAIL), not a parallel log: admins need the same things of
 * both (status, attempts, last error, next retry, a retry button) and the outbox retries both
 * alike. What differs fits the same columns: `url` is a `mailto:` URL of the recipients (frozen
 * with the message: an e-mail goes to whom the event was about then), `body` the message as JSON
 * (to, subject, text, html), an attempt's `statusCode` the SMTP server's reply code.
 */
@Entity({ tableName: 'webhook_delivery' })
@Index({ name: 'webhook_delivery_created_idx', properties: ['createdAt', 'id'] })
@Index({ name: 'webhook_delivery_target_idx', properties: ['targetKind', 'targetId', 'createdAt'] })
export class WebhookDelivery {
  /** Also the body's `id` and the `faultbase-delivery` header. */
  @PrimaryKey({ type: 'uuid' })
  id: string = timeOrderedId();

  @Enum({ items: () => NotificationChannel, nativeEnumName: 'notification_channel', default: NotificationChannel.WEBHOOK })
  channel: NotificationChannel = NotificationChannel.WEBHOOK;

  /** What kind of receiver (VENDOR, later ALERT_CHANNEL): which module says where it is. */
  @Property({ type: 'text' })
  targetKind!: string;

  @Property({ type: 'uuid' })
  targetId!: string;

  @Property({ type: 'text' })
  eventType!: string;

  /** The URL at the last attempt (at creation until then): what the admin's log shows. */
  @Property({ type: 'text' })
  url!: string;

  @Property({ type: 'text' })
  body!: string;

  @Enum({ items: () => WebhookDeliveryStatus, nativeEnumName: 'webhook_delivery_status', default: WebhookDeliveryStatus.PENDING })
  status: WebhookDeliveryStatus = WebhookDeliveryStatus.PENDING;

  @Property({ type: 'integer', default: 0 })
  attempts = 0;

  @Property({ type: 'integer', nullable: true })
  lastStatusCode?: number | null;

  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Property({ type: 'timestamptz', length: 3, nullable: true })
  lastAttemptAt?: Date | null;

  @Property({ type: 'timestamptz', length: 3, nullable: true })
  deliveredAt?: Date | null;

  /** The outbox event that runs the next attempt (its available_at is when). */
  @Property({ type: 'uuid', nullable: true })
  outboxEventId?: string | null;

  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

/** One try: what the receiver answered, or why there was no answer. */
@Entity({ tableName: 'webhook_attempt' })
export class WebhookAttempt {
  @PrimaryKey({ type: 'uuid' })
  id: string = timeOrderedId();

  @ManyToOne(() => WebhookDelivery, { deleteRule: 'cascade', index: 'webhook_attempt_delivery_idx' })
  delivery!: WebhookDelivery;

  @Property({ type: 'timestamptz', length: 3 })
  attemptedAt!: Date;

  @Property({ type: 'text' })
  url!: string;

  @Property({ type: 'integer', nullable: true })
  statusCode?: number | null;

  @Property({ type: 'text', nullable: true })
  error?: string | null;

  @Property({ type: 'integer' })
  durationMs!: number;
}
