import { Migration } from '@mikro-orm/migrations';

/** The foundation schema: users, vendors, devices with their reporting policy, reports and signatures. */
export class Migration20261125000000Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "device_status" as enum ('ACTIVE', 'REVOKED');`);
    this.addSql(`create type "severity" as enum ('WARNING', 'ERROR', 'FATAL');`);
    this.addSql(`create type "user_role" as enum ('ADMIN', 'TECHNICIAN', 'VENDOR');`);
    this.addSql(`create type "signature_status" as enum ('NEW', 'INVESTIGATING', 'ESCALATED', 'RESOLVED', 'REGRESSED', 'IGNORED');`);
    this.addSql(`create table "device" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "serial_number" text not null, "manufacturer" text not null, "model" text not null, "firmware_version" text null, "runtime_name" text null, "runtime_version" text null, "subscriber_id" text null, "status" "device_status" not null, "policy_enabled" boolean not null default true, "policy_min_severity" "severity" not null default 'WARNING', "policy_max_reports_per_hour" int not null default 120, "policy_collect_stack_trace" boolean not null default true, "policy_collect_attributes" boolean not null default true, "token_hash" text not null, "last_seen_at" timestamptz(3) null, "revoked_at" timestamptz(3) null, "rate_window_start" timestamptz(3) null, "rate_window_count" int not null default 0, constraint "device_pkey" primary key ("id"));`);
    this.addSql(`alter table "device" add constraint "device_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "device_model_index" on "device" ("model");`);
    this.addSql(`create table "vendor" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "name" text not null, "webhook_url" text null, constraint "vendor_pkey" primary key ("id"));`);
    this.addSql(`alter table "vendor" add constraint "vendor_name_unique" unique ("name");`);
    this.addSql(`create table "app_user" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "email" text not null, "name" text not null, "role" "user_role" not null, "vendor_id" uuid null, "token_hash" text not null, "bootstrap" boolean not null default false, "revoked_at" timestamptz(3) null, constraint "app_user_pkey" primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);
    this.addSql(`alter table "app_user" add constraint "app_user_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "app_user_revoked_at_index" on "app_user" ("revoked_at");`);
    this.addSql(`create table "fault_signature" ("id" uuid not null, "fingerprint" text not null, "grouping_config" text not null, "title" text not null, "error_code" text not null, "exception_type" text null, "application_name" text not null, "normalised_message" text null, "frames" jsonb not null, "components" jsonb not null, "status" "signature_status" not null default 'NEW', "assignee_id" uuid null, "report_count" int not null default 0, "device_count" int not null default 0, "first_seen_at" timestamptz(3) not null, "last_seen_at" timestamptz(3) not null, "created_at" timestamptz(3) not null default now(), constraint "fault_signature_pkey" primary key ("id"));`);
    this.addSql(`alter table "fault_signature" add constraint "fault_signature_fingerprint_unique" unique ("fingerprint");`);
    this.addSql(`create index "fault_signature_last_seen_idx" on "fault_signature" ("last_seen_at", "id");`);
    this.addSql(`create table "signature_device" ("signature_id" uuid not null, "device_id" uuid not null, "report_count" int not null, "first_seen_at" timestamptz(3) not null, "last_seen_at" timestamptz(3) not null, constraint "signature_device_pkey" primary key ("signature_id", "device_id"));`);
    this.addSql(`create index "signature_device_device_id_index" on "signature_device" ("device_id");`);
    this.addSql(`create table "signature_breakdown" ("signature_id" uuid not null, "dimension" text not null, "value" text not null, "device_id" uuid not null, "report_count" int not null, constraint "signature_breakdown_pkey" primary key ("signature_id", "dimension", "value", "device_id"));`);
    this.addSql(`create index "signature_breakdown_device_id_index" on "signature_breakdown" ("device_id");`);
    this.addSql(`create table "fault_report" ("id" uuid not null, "device_id" uuid not null, "client_report_id" text not null, "signature_id" uuid not null, "occurred_at" timestamptz(3) not null, "received_at" timestamptz(3) not null default now(), "error_code" text not null, "severity" "severity" not null, "application_name" text not null, "application_version" text not null, "application_type" text null, "application_vendor" text null, "runtime_name" text null, "runtime_version" text null, "exception_type" text null, "message" text null, "stack_trace" text null, "frames" jsonb not null, "attributes" jsonb null, constraint "fault_report_pkey" primary key ("id"));`);
    this.addSql(`create index "fault_report_signature_received_idx" on "fault_report" ("signature_id", "received_at", "id");`);
    this.addSql(`alter table "fault_report" add constraint "fault_report_device_client_id_key" unique ("device_id", "client_report_id");`);
    this.addSql(`alter table "app_user" add constraint "app_user_vendor_id_foreign" foreign key ("vendor_id") references "vendor" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "fault_signature" add constraint "fault_signature_assignee_id_foreign" foreign key ("assignee_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "signature_device" add constraint "signature_device_signature_id_foreign" foreign key ("signature_id") references "fault_signature" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "signature_device" add constraint "signature_device_device_id_foreign" foreign key ("device_id") references "device" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "signature_breakdown" add constraint "signature_breakdown_signature_id_foreign" foreign key ("signature_id") references "fault_signature" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "signature_breakdown" add constraint "signature_breakdown_device_id_foreign" foreign key ("device_id") references "device" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "fault_report" add constraint "fault_report_device_id_foreign" foreign key ("device_id") references "device" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "fault_report" add constraint "fault_report_signature_id_foreign" foreign key ("signature_id") references "fault_signature" ("id") on update cascade on delete cascade;`);
    this.addSql(`create unique index "device_active_serial_key" on "device" ("manufacturer", "serial_number") where "status" = 'ACTIVE';`);
    this.addSql(`create index "fault_report_device_received_idx" on "fault_report" ("device_id", "received_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "fault_report", "signature_breakdown", "signature_device", "fault_signature", "app_user", "vendor", "device" cascade;`);
    this.addSql(`drop type if exists "signature_status", "user_role", "severity", "device_status";`);
  }
}
