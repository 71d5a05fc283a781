import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { User } from '../auth/user.entity';
import { timeOrderedId } from '../db/ids';
import { Severity } from '../reports/severity';
import { FaultSignature } from '../signatures/signature.entity';
import { AlertChannelKind, AlertConditionKind } from './alert.enums';

/** A condition and where to say that it happened. The condition's fields are columns: each kind uses some (alert-rule.service.ts). */
@Entity({ tableName: 'alert_rule' })
@Index({ name: 'alert_rule_kind_idx', properties: ['kind', 'enabled'] })
export class AlertRule {
  @PrimaryKey({ type: 'uuid' })
  id: string = timeOrderedId();

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'boolean', default: true })
  enabled = true;

  /** After a notification for a signature, this rule tells nothing more of it for this long (what it held back is summarised next time). */
  @Property({ type: 'integer', default: 60 })
  cooldownMinutes = 60;

  @Enum({ items: () => AlertConditionKind, nativeEnumName: 'alert_condition_kind' })
  kind!: AlertConditionKind;

  @Property({ type: 'text', nullable: true })
  applicationName?: string | null;

  @Enum({ items: () => Severity, nativeEnumName: 'severity', nullable: true })
  minSeverity?: Severity | null;

  @Property({ type: 'integer', nullable: true })
  windowMinutes?: number | null;

  @Property({ type: 'integer', nullable: true })
  minReports?: number | null;

  @Property({ type: 'integer', nullable: true })
  minDevices?: number | null;

  @Property({ type: 'double', nullable: true })
  baselineFactor?: number | null;

  @Property({ type: 'double', nullable: true })
  failureRate?: number | null;

  @Property({ type: 'integer', nullable: true })
  minOutcomes?: number | null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  createdBy?: User | null;

  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()' })
  updatedAt: Date = new Date();
}

/** One place a rule's notifications go. A webhook's secret is kept to sign with, and never shown back. */
@Entity({ tableName: 'alert_channel' })
export class AlertChannel {
  @PrimaryKey({ type: 'uuid' })
  id: string = timeOrderedId();

  @ManyToOne(() => AlertRule, { deleteRule: 'cascade', index: 'alert_channel_rule_idx' })
  rule!: AlertRule;

  @Enum({ items: () => AlertChannelKind, nativeEnumName: 'alert_channel_kind' })
  kind!: AlertChannelKind;

  @Property({ type: 'text', nullable: true })
  url?: string | null;

  @Property({ type: 'text', nullable: true, hidden: true })
  secret?: string | null;

  @Property({ type: 'text[]', nullable: true })
  to?: string[] | null;
}

/**
 * That a rule fired for a signature in one window (a new signature, one regression, one spike
 * window): the unique key makes it happen once, whichever process sees it first.
 */
@Entity({ tableName: 'alert_firing' })
@Unique({ name: 'alert_firing_once', properties: ['rule', 'signature', 'windowKey'] })
@Index({ name: 'alert_firing_rule_idx', properties: ['rule', 'firedAt', 'id'] })
export class AlertFiring {
  @PrimaryKey({ type: 'uuid' })
  id: string = timeOrderedId();

  @ManyToOne(() => AlertRule, { deleteRule: 'cascade' })
  rule!: AlertRule;

  @ManyToOne(() => FaultSignature, { deleteRule: 'cascade', index: 'alert_firing_signature_idx' })
  signature!: FaultSignature;

  @Property({ type: 'text' })
  windowKey!: string;

  @Property({ type: 'text' })
  reason!: string;

  /** False when the rule's cool-down held it back (it is summarised in the next notification). */
  @Property({ type: 'boolean' })
  notified!: boolean;

  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()' })
  firedAt: Date = new Date();
}
