import { Migration } from '@mikro-orm/migrations';

/** Alerts: rules, their channels, their firings (once per rule, signature and window) and cool-downs. */
export class Migration20261202230000Alerts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "alert_condition_kind" as enum ('NEW_SIGNATURE', 'REGRESSION', 'SPIKE', 'RESOLUTION_FAILURE_RATE');`);
    this.addSql(`create type "alert_channel_kind" as enum ('WEBHOOK', 'EMAIL');`);
    this.addSql(`create table "alert_rule" (
      "id" uuid not null,
      "name" text not null,
      "enabled" boolean not null default true,
      "cooldown_minutes" int not null default 60,
      "kind" "alert_condition_kind" not null,
      "application_name" text null,
      "min_severity" "severity" null,
      "window_minutes" int null,
      "min_reports" int null,
      "min_devices" int null,
      "baseline_factor" double precision null,
      "failure_rate" double precision null,
      "min_outcomes" int null,
      "created_by_id" uuid null references "app_user" ("id") on update cascade on delete set null,
      "created_at" timestamptz(3) not null default now(),
      "updated_at" timestamptz(3) not null default now(),
      constraint "alert_rule_pkey" primary key ("id"));`);
    this.addSql(`create index "alert_rule_kind_idx" on "alert_rule" ("kind", "enabled");`);
    this.addSql(`create table "alert_channel" (
      "id" uuid not null,
      "rule_id" uuid not null references "alert_rule" ("id") on update cascade on delete cascade,
      "kind" "alert_channel_kind" not null,
      "url" text null,
      "secret" text null,
      "to" text[] null,
      constraint "alert_channel_pkey" primary key ("id"));`);
    this.addSql(`create index "alert_channel_rule_idx" on "alert_channel" ("rule_id");`);
    this.addSql(`create table "alert_firing" (
      "id" uuid not null,
      "rule_id" uuid not null references "alert_rule" ("id") on update cascade on delete cascade,
      "signature_id" uuid not null references "fault_signature" ("id") on update cascade on delete cascade,
      "window_key" text not null,
      "reason" text not null,
      "notified" boolean not null,
      "fired_at" timestamptz(3) not null default now(),
      constraint "alert_firing_pkey" primary key ("id"),
      constraint "alert_firing_once" unique ("rule_id", "signature_id", "window_key"));`);
    this.addSql(`create index "alert_firing_rule_idx" on "alert_firing" ("rule_id", "fired_at", "id");`);
    this.addSql(`create index "alert_firing_signature_idx" on "alert_firing" ("signature_id");`);
    // The cool-down of a rule for a signature: when it last told, what the signature's counters were
    // then (the next notification says how many more reports and devices came), what it held back.
    this.addSql(`create table "alert_cooldown" (
      "rule_id" uuid not null references "alert_rule" ("id") on update cascade on delete cascade,
      "signature_id" uuid not null references "fault_signature" ("id") on update cascade on delete cascade,
      "last_notified_at" timestamptz(3) not null,
      "reports_at" int not null,
      "devices_at" int not null,
      "suppressed" int not null default 0,
      constraint "alert_cooldown_pkey" primary key ("rule_id", "signature_id"));`);
  }
}
