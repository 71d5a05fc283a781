import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsOptional, MaxLength } from 'class-validator';
import { IsId } from '../graphql/validators/validators';
import { Connection } from '../graphql/connection';
import { NotificationChannel, WebhookDeliveryStatus } from './webhook-delivery.enums';

/**
 * Webhooks and e-mails in one type, named for the first: renaming it (or adding a second list
 * over the same rows) would break the clients of webhookDeliveries for a name; `channel` tells
 * them apart.
 */
@ObjectType('WebhookDelivery', {
  description: 'One event sent to one receiver, with its attempts: a webhook posted to a vendor or an alert channel, or an e-mail (channel EMAIL).',
})
export class WebhookDeliveryType {
  @Field(() => ID, { description: 'The delivery id: the body\'s `id` and the `faultbase-delivery` header (receivers deduplicate by it).' })
  id!: string;

  @Field(() => NotificationChannel, { description: 'How it travels: WEBHOOK or EMAIL.' })
  channel!: NotificationChannel;

  @Field({ description: 'What kind of receiver: VENDOR (later ALERT_CHANNEL); USER for a test e-mail (the admin who asked).' })
  targetKind!: string;

  @Field(() => ID, { description: 'The receiver: a vendor id for VENDOR, a user id for USER.' })
  targetId!: string;

  @Field({ description: 'The event type, e.g. vendor_ticket.created.' })
  eventType!: string;

  @Field({ description: 'Where it was posted at the last attempt (where it is to go, before the first); for an e-mail, a `mailto:` URL of its recipients.' })
  url!: string;

  @Field({ description: 'The exact JSON body every attempt sends; for an e-mail, the message as JSON (to, subject, text, html).' })
  body!: string;

  @Field(() => WebhookDeliveryStatus, { description: 'Where it is.' })
  status!: WebhookDeliveryStatus;

  @Field(() => Int, { description: 'Attempts so far.' })
  attempts!: number;

  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status (for an e-mail, the SMTP server's reply code) at the last attempt; null when it did not answer or nothing was tried." })
  lastStatusCode?: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed (or why it was skipped); null after a success.' })
  lastError?: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was last tried.' })
  lastAttemptAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the receiver answered 2xx or the SMTP server accepted the e-mail (the latest, after a resend).' })
  deliveredAt?: Date | null;

  @Field({ description: 'When the event happened and the delivery was queued.' })
  createdAt!: Date;
}

@ObjectType('WebhookAttempt', { description: 'One try of a delivery (webhook or e-mail).' })
export class WebhookAttemptType {
  @Field({ description: 'When it was made.' })
  attemptedAt!: Date;

  @Field({ description: 'Where it was posted (an e-mail: a `mailto:` URL of its recipients).' })
  url!: string;

  @Field(() => Int, { nullable: true, description: 'What the receiver answered: an HTTP status, or an SMTP reply code for an e-mail; null when it did not (refused address, connection error, timeout, no SMTP server).' })
  statusCode?: number | null;

  @Field(() => String, { nullable: true, description: 'Why it failed; null on success.' })
  error?: string | null;

  @Field(() => Int, { description: 'How long it took, in milliseconds.' })
  durationMs!: number;
}

export const WebhookDeliveryConnection = Connection('WebhookDelivery', WebhookDeliveryType);

@InputType({ description: 'Which deliveries (webhooks and e-mails) to list; all when empty.' })
export class WebhookDeliveryFilter {
  @Field(() => NotificationChannel, { nullable: true, description: 'Only webhooks or only e-mails.' })
  @IsOptional()
  channel?: NotificationChannel;

  @Field(() => WebhookDeliveryStatus, { nullable: true, description: 'Only deliveries in this status.' })
  @IsOptional()
  status?: WebhookDeliveryStatus;

  @Field(() => String, { nullable: true, description: 'Only deliveries to this kind of receiver (VENDOR, USER).' })
  @IsOptional()
  @MaxLength(50)
  targetKind?: string;

  @Field(() => ID, { nullable: true, description: 'Only deliveries to this receiver (a vendor id).' })
  @IsOptional()
  @IsId()
  targetId?: string;

  @Field(() => String, { nullable: true, description: 'Only events of this type (vendor_ticket.updated).' })
  @IsOptional()
  @MaxLength(100)
  eventType?: string;
}
