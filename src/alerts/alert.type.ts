import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { wholeList } from '../graphql/cost';
import { Severity } from '../reports/severity';
import { AlertChannelKind, AlertConditionKind } from './alert.enums';

@ObjectType('AlertCondition', { description: 'When a rule fires; the fields its kind does not use are null.' })
export class AlertConditionType {
  @Field(() => AlertConditionKind, { description: 'What makes it fire.' })
  kind!: AlertConditionKind;

  @Field(() => String, { nullable: true, description: 'Only faults of this application.' })
  applicationName!: string | null;

  @Field(() => Severity, { nullable: true, description: 'Only faults first reported at least this severe.' })
  minSeverity!: Severity | null;

  @Field(() => Int, { nullable: true, description: 'SPIKE: the window in minutes.' })
  windowMinutes!: number | null;

  @Field(() => Int, { nullable: true, description: 'SPIKE: reports within the window above which it fires.' })
  minReports!: number | null;

  @Field(() => Int, { nullable: true, description: 'SPIKE: devices within the window above which it fires.' })
  minDevices!: number | null;

  @Field(() => Float, { nullable: true, description: "SPIKE: times the signature's usual rate." })
  baselineFactor!: number | null;

  @Field(() => Float, { nullable: true, description: 'RESOLUTION_FAILURE_RATE: the failed share above which it fires.' })
  failureRate!: number | null;

  @Field(() => Int, { nullable: true, description: 'RESOLUTION_FAILURE_RATE: outcomes needed first.' })
  minOutcomes!: number | null;
}

@ObjectType('AlertChannel', { description: "Where a rule's alerts go." })
export class AlertChannelType {
  @Field(() => ID, { description: "The channel's id (webhook deliveries name it as targetId, with targetKind ALERT_CHANNEL)." })
  id!: string;

  @Field(() => AlertChannelKind, { description: 'The kind of channel.' })
  kind!: AlertChannelKind;

  @Field(() => String, { nullable: true, description: 'WEBHOOK: where it posts.' })
  url!: string | null;

  @Field({ description: 'WEBHOOK: whether a signing secret is set (the secret itself is never shown).' })
  secretSet!: boolean;

  @Field(() => [String], { nullable: true, ...wholeList('EMAIL: the recipients (at most 20).', 20) })
  to!: string[] | null;
}

@ObjectType('AlertFiring', { description: 'One time a rule fired for a signature.' })
export class AlertFiringType {
  @Field(() => ID, { description: "The firing's id." })
  id!: string;

  @Field(() => ID, { description: 'The signature it fired for.' })
  signatureId!: string;

  @Field({ description: 'Why, in words.' })
  reason!: string;

  @Field({ description: "Whether it was sent; false when the rule's cool-down held it back (the next notification sums it up)." })
  notified!: boolean;

  @Field({ description: 'When.' })
  firedAt!: Date;
}

@ObjectType('AlertRule', { description: 'A condition, and the channels told when it holds.' })
export class AlertRuleType {
  @Field(() => ID, { description: "The rule's id." })
  id!: string;

  @Field({ description: 'Its name.' })
  name!: string;

  @Field({ description: 'Whether it fires.' })
  enabled!: boolean;

  @Field(() => Int, { description: 'Minutes after a notification during which the same signature is not told of again.' })
  cooldownMinutes!: number;

  @Field({ description: 'When it was created.' })
  createdAt!: Date;

  @Field({ description: 'When it was last changed.' })
  updatedAt!: Date;

  // condition, channels and recentFirings are field resolvers (AlertResolver).
}
