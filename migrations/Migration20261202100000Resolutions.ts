import { Migration } from '@mikro-orm/migrations';
import { versionKey } from '../src/devices/version-order';

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Resolutions: the knowledge base of fixes, their delivery to devices and what devices run.
 *
 * Versions are compared through sort keys (src/devices/version-order.ts): every `*_key` column
 * holds versionKey() of the version beside it, collated "C" so that comparisons and indexes use
 * byte order, which is the version order. The keys of versions already stored (devices' firmware)
 * are computed here by that same function.
 */
export class Migration20261202100000Resolutions extends Migration {
  override async up(): Promise<void> {
    // What devices run: their firmware (as a key too), their installed applications, their last check-in.
    const firmware = (await this.execute(`select distinct "firmware_version" as v from "device" where "firmware_version" is not null`)) as { v: string }[];
    this.addSql(`alter table "device" add column "firmware_version_key" text collate "C" null, add column "last_check_in_at" timestamptz(3) null;`);
    for (const { v } of firmware) {
      this.addSql(`update "device" set "firmware_version_key" = ${quote(versionKey(v))} where "firmware_version" = ${quote(v)};`);
    }
    this.addSql(`create table "device_application" (
      "device_id" uuid not null references "device" ("id") on update cascade on delete cascade,
      "name" text not null,
      "version" text not null,
      "version_key" text collate "C" not null,
      "type" text null,
      "vendor" text null,
      "updated_at" timestamptz(3) not null default now(),
      constraint "device_application_pkey" primary key ("device_id", "name"));`);
    // The application version a device last reported a signature from (targeting by version when
    // the device has not said what it runs); ingest keeps it in the upsert it already makes.
    this.addSql(`alter table "signature_device" add column "application_version" text null, add column "application_version_key" text collate "C" null;`);
    // A report keeps its application version's key, so that a merge's recount can rebuild the
    // pairs' versions (the key is computed in TypeScript, not in SQL). Older reports have none.
    this.addSql(`alter table "fault_report" add column "application_version_key" text collate "C" null;`);

    this.addSql(`create type "resolution_kind" as enum ('APPLICATION_UPDATE', 'FIRMWARE_UPDATE', 'PATCH', 'CONFIGURATION', 'WORKAROUND');`);
    this.addSql(`create type "resolution_status" as enum ('DRAFT', 'PUBLISHED', 'WITHDRAWN');`);
    this.addSql(`create type "delivery_state" as enum ('NOTIFIED', 'DOWNLOADING', 'DOWNLOADED', 'INSTALLING', 'INSTALLED', 'FAILED');`);
    this.addSql(`create table "resolution" (
      "id" uuid not null,
      "kind" "resolution_kind" not null,
      "status" "resolution_status" not null default 'DRAFT',
      "title" text not null,
      "instructions" text not null,
      "fix_version" text null,
      "fix_version_key" text collate "C" null,
      "package_url" text null,
      "package_sha256" text null,
      "package_size_bytes" bigint null,
      "target_manufacturer" text null,
      "target_model" text null,
      "target_application_name" text null,
      "target_app_range" text null,
      "target_app_min_key" text collate "C" null,
      "target_app_min_inclusive" boolean null,
      "target_app_max_key" text collate "C" null,
      "target_app_max_inclusive" boolean null,
      "target_firmware_range" text null,
      "target_firmware_min_key" text collate "C" null,
      "target_firmware_min_inclusive" boolean null,
      "target_firmware_max_key" text collate "C" null,
      "target_firmware_max_inclusive" boolean null,
      "created_by_id" uuid null references "app_user" ("id") on update cascade on delete set null,
      "created_at" timestamptz(3) not null default now(),
      "updated_at" timestamptz(3) not null default now(),
      "published_at" timestamptz(3) null,
      "published_by_id" uuid null references "app_user" ("id") on update cascade on delete set null,
      "withdrawn_at" timestamptz(3) null,
      "withdrawn_by_id" uuid null references "app_user" ("id") on update cascade on delete set null,
      constraint "resolution_pkey" primary key ("id"),
      constraint "resolution_package_whole" check (("package_url" is null) = ("package_sha256" is null) and ("package_url" is null) = ("package_size_bytes" is null)));`);
    this.addSql(`create index "resolution_status_created_idx" on "resolution" ("status", "created_at", "id");`);
    this.addSql(`create index "resolution_created_idx" on "resolution" ("created_at", "id");`);
    this.addSql(`create table "resolution_signature" (
      "resolution_id" uuid not null references "resolution" ("id") on update cascade on delete cascade,
      "signature_id" uuid not null references "fault_signature" ("id") on update cascade on delete cascade,
      constraint "resolution_signature_pkey" primary key ("resolution_id", "signature_id"));`);
    // Ingest's probe: the resolutions of a reported signature.
    this.addSql(`create index "resolution_signature_signature_idx" on "resolution_signature" ("signature_id", "resolution_id");`);

    this.addSql(`create table "resolution_delivery" (
      "id" uuid not null default gen_random_uuid(),
      "resolution_id" uuid not null references "resolution" ("id") on update cascade on delete cascade,
      "device_id" uuid not null references "device" ("id") on update cascade on delete cascade,
      "state" "delivery_state" not null default 'NOTIFIED',
      "result_code" int null,
      "message" text null,
      "created_at" timestamptz(3) not null default now(),
      "updated_at" timestamptz(3) not null default now(),
      "installed_at" timestamptz(3) null,
      constraint "resolution_delivery_pkey" primary key ("id"),
      constraint "resolution_delivery_once" unique ("resolution_id", "device_id"));`);
    // A device's pending resolutions, and ingest's "has this device installed it?".
    this.addSql(`create index "resolution_delivery_device_idx" on "resolution_delivery" ("device_id", "resolution_id");`);
    // Every move of a delivery after it was created (its creation is the NOTIFIED entry).
    this.addSql(`create table "resolution_delivery_event" (
      "id" uuid not null default gen_random_uuid(),
      "delivery_id" uuid not null references "resolution_delivery" ("id") on update cascade on delete cascade,
      "state" "delivery_state" not null,
      "result_code" int null,
      "message" text null,
      "created_at" timestamptz(3) not null default now(),
      constraint "resolution_delivery_event_pkey" primary key ("id"));`);
    this.addSql(`create index "resolution_delivery_event_delivery_idx" on "resolution_delivery_event" ("delivery_id", "created_at");`);

    // A regression's evidence on its activity entry; the signature points at the entry of its
    // latest regression (ingest's statement learns from it whether it made the change).
    this.addSql(`alter table "signature_activity"
      add column "device_id" uuid null references "device" ("id") on update cascade on delete set null,
      add column "resolution_id" uuid null references "resolution" ("id") on update cascade on delete set null,
      add column "report_id" uuid null,
      add column "version" text null;`);
    this.addSql(`alter table "fault_signature" add column "regression_activity_id" uuid null;`);
    // Whether a published resolution answers the signature, kept with its publication, withdrawal
    // and merges: ingest's plain statement reads it from the row it upserts anyway (ingest.sql.ts).
    this.addSql(`alter table "fault_signature" add column "answered" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "fault_signature" drop column if exists "regression_activity_id", drop column if exists "answered";`);
    this.addSql(`alter table "signature_activity" drop column if exists "device_id", drop column if exists "resolution_id", drop column if exists "report_id", drop column if exists "version";`);
    this.addSql(`drop table if exists "resolution_delivery_event", "resolution_delivery", "resolution_signature", "resolution", "device_application" cascade;`);
    this.addSql(`drop type if exists "delivery_state"; drop type if exists "resolution_status"; drop type if exists "resolution_kind";`);
    this.addSql(`alter table "fault_report" drop column if exists "application_version_key";`);
    this.addSql(`alter table "signature_device" drop column if exists "application_version", drop column if exists "application_version_key";`);
    this.addSql(`alter table "device" drop column if exists "firmware_version_key", drop column if exists "last_check_in_at";`);
  }
}
