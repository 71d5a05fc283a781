import { ArrayMaxSize, ArrayMinSize, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, Float, InputType, Int } from 'type-graphql';
import { IsNotBlank } from '../graphql/validators/validators';
import { Severity } from '../reports/severity';
import { AlertChannelKind, AlertConditionKind } from './alert.enums';

/** Limits of a rule, stated in the API's descriptions and checked here or in the service. */
export const ALERT_LIMITS = { name: 200, cooldownMinutes: 10_080, windowMinutes: 10_080, channels: 10, recipients: 20, threshold: 1_000_000, baselineFactor: 1000 } as const;

@InputType('AlertConditionInput', {
  description:
    'When the rule fires. Each kind uses some fields; a field the kind does not use is refused. NEW_SIGNATURE and REGRESSION: applicationName, minSeverity. SPIKE: windowMinutes and at least one of minReports, minDevices, baselineFactor (applicationName, minSeverity optional). RESOLUTION_FAILURE_RATE: failureRate, minOutcomes.',
})
export class AlertConditionInput {
  @Field(() => AlertConditionKind, { description: 'What makes it fire.' })
  kind!: AlertConditionKind;

  @Field(() => String, { nullable: true, description: 'Only faults of this application (exact name).' })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(200)
  applicationName?: string | null;

  @Field(() => Severity, { nullable: true, description: 'NEW_SIGNATURE: only faults first reported at least this severe.' })
  @IsOptional()
  minSeverity?: Severity | null;

  @Field(() => Int, { nullable: true, description: `SPIKE: the window, 1 to ${ALERT_LIMITS.windowMinutes} minutes.` })
  @IsOptional()
  @Min(1, { message: 'must be at least 1 minute' })
  @Max(ALERT_LIMITS.windowMinutes)
  windowMinutes?: number | null;

  @Field(() => Int, { nullable: true, description: 'SPIKE: fires when more reports than this arrive within the window (at least 1).' })
  @IsOptional()
  @Min(1)
  @Max(ALERT_LIMITS.threshold)
  minReports?: number | null;

  @Field(() => Int, { nullable: true, description: 'SPIKE: fires when more devices than this report within the window (at least 1).' })
  @IsOptional()
  @Min(1)
  @Max(ALERT_LIMITS.threshold)
  minDevices?: number | null;

  @Field(() => Float, { nullable: true, description: `SPIKE: fires at this many times the signature's usual rate (more than 1, at most ${ALERT_LIMITS.baselineFactor}).` })
  @IsOptional()
  @Min(1.01, { message: 'must be more than 1' })
  @Max(ALERT_LIMITS.baselineFactor)
  baselineFactor?: number | null;

  @Field(() => Float, { nullable: true, description: 'RESOLUTION_FAILURE_RATE: the share of failed installs above which it fires, more than 0 and at most 1.' })
  @IsOptional()
  @Min(0.0001, { message: 'must be more than 0' })
  @Max(1)
  failureRate?: number | null;

  @Field(() => Int, { nullable: true, description: 'RESOLUTION_FAILURE_RATE: outcomes needed before the rate counts (default 10).' })
  @IsOptional()
  @Min(1)
  @Max(ALERT_LIMITS.threshold)
  minOutcomes?: number | null;
}

@InputType('AlertChannelInput', { description: 'Where a rule\'s alerts go. WEBHOOK: url and secret. EMAIL: to.' })
export class AlertChannelInput {
  @Field(() => AlertChannelKind, { description: 'The kind of channel.' })
  kind!: AlertChannelKind;

  @Field(() => String, { nullable: true, description: 'WEBHOOK: an http(s) URL at a public address (unless FAULTBASE_WEBHOOK_ALLOW_PRIVATE).' })
  @IsOptional()
  @MaxLength(2000)
  url?: string | null;

  @Field(() => String, { nullable: true, description: 'WEBHOOK: the signing secret, 16 to 200 characters; never shown back.' })
  @IsOptional()
  @MaxLength(200)
  secret?: string | null;

  @Field(() => [String], { nullable: true, description: `EMAIL: 1 to ${ALERT_LIMITS.recipients} addresses.` })
  @IsOptional()
  @ArrayMaxSize(ALERT_LIMITS.recipients)
  to?: string[] | null;
}

@InputType('AlertRuleInput', { description: 'An alert rule, whole (updateAlertRule replaces it).' })
export class AlertRuleInput {
  @Field({ description: `Its name; not blank, at most ${ALERT_LIMITS.name} characters.` })
  @IsNotBlank()
  @MaxLength(ALERT_LIMITS.name)
  name!: string;

  @Field(() => Boolean, { nullable: true, description: 'Whether it fires (default true).' })
  @IsOptional()
  enabled?: boolean | null;

  @Field(() => Int, {
    nullable: true,
    description: `After telling of a signature, it tells nothing more of that signature for this many minutes (0 to ${ALERT_LIMITS.cooldownMinutes}, default 60); the next notification sums up what was held back.`,
  })
  @IsOptional()
  @Min(0)
  @Max(ALERT_LIMITS.cooldownMinutes)
  cooldownMinutes?: number | null;

  @Field(() => AlertConditionInput, { description: 'When it fires.' })
  @ValidateNested()
  condition!: AlertConditionInput;

  @Field(() => [AlertChannelInput], { description: `Where it goes: 1 to ${ALERT_LIMITS.channels} channels.` })
  @ArrayMinSize(1, { message: 'must name at least one channel' })
  @ArrayMaxSize(ALERT_LIMITS.channels)
  @ValidateNested({ each: true })
  channels!: AlertChannelInput[];
}
