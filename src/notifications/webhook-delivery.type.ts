import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsOptional, MaxLength } from 'class-validator';
import { IsId } from '../graphql/validators/validators';
import { Connection } from '../graphql/connection';
import { WebhookDeliveryStatus } from './webhook-delivery.enums';

@ObjectType('WebhookDelivery', { description: 'One event posted to one receiver (a vendor, an alert channel), with its attempts.' })
export class WebhookDeliveryType {
  @Field(() => ID, { description: 'The delivery id: the body\'s `id` and the `faultbase-delivery` header (receivers deduplicate by it).' })
  id!: string;

  @Field({ description: 'What kind of receiver: VENDOR (later ALERT_CHANNEL).' })
  targetKind!: string;

  @Field(() => ID, { description: 'The receiver: a vendor id for VENDOR.' })
  targetId!: string;

  @Field({ description: 'The event type, e.g. vendor_ticket.created.' })
  eventType!: string;

  @Field({ description: 'Where it was posted at the last attempt (where it is to go, before the first).' })
  url!: string;

  @Field({ description: 'The exact JSON body every attempt sends.' })
  body!: string;

  @Field(() => WebhookDeliveryStatus, { description: 'Where it is.' })
  status!: WebhookDeliveryStatus;

  @Field(() => Int, { description: 'Attempts so far.' })
  attempts!: number;

  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status at the last attempt; null when it did not answer or nothing was tried." })
  lastStatusCode?: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed (or why it was skipped); null after a success.' })
  lastError?: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was last tried.' })
  lastAttemptAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the receiver first answered 2xx (the latest, after a resend).' })
  deliveredAt?: Date | null;

  @Field({ description: 'When the event happened and the delivery was queued.' })
  createdAt!: Date;
}

@ObjectType('WebhookAttempt', { description: 'One try of a webhook delivery.' })
export class WebhookAttemptType {
  @Field({ description: 'When it was made.' })
  attemptedAt!: Date;

  @Field({ description: 'Where it was posted.' })
  url!: string;

  @Field(() => Int, { nullable: true, description: 'What the receiver answered; null when it did not (refused address, connection error, timeout).' })
  statusCode?: number | null;

  @Field(() => String, { nullable: true, description: 'Why it failed; null on success.' })
  error?: string | null;

  @Field(() => Int, { description: 'How long it took, in milliseconds.' })
  durationMs!: number;
}

export const WebhookDeliveryConnection = Connection('WebhookDelivery', WebhookDeliveryType);

@InputType({ description: 'Which webhook deliveries to list; all when empty.' })
export class WebhookDeliveryFilter {
  @Field(() => WebhookDeliveryStatus, { nullable: true, description: 'Only deliveries in this status.' })
  @IsOptional()
  status?: WebhookDeliveryStatus;

  @Field(() => String, { nullable: true, description: 'Only deliveries to this kind of receiver (VENDOR).' })
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
