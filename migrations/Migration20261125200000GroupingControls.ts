import { Migration } from '@mikro-orm/migrations';

/**
 * Grouping controls: signatures can be merged (their fingerprints then redirect to the target) and
 * unmerged (reports keep the fingerprint they were grouped by, to find their way back), and
 * operators can add grouping rules applied at ingest.
 */
export class Migration20261125200000GroupingControls extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "fault_report" add column "fingerprint" text null;`);
    this.addSql(`update "fault_report" r set "fingerprint" = s."fingerprint" from "fault_signature" s where r."signature_id" = s."id";`);
    this.addSql(`alter table "fault_report" alter column "fingerprint" set not null;`);

    this.addSql(`alter table "fault_signature" add column "merged_into_id" uuid null;`);
    this.addSql(`alter table "fault_signature" add constraint "fault_signature_merged_into_id_foreign" foreign key ("merged_into_id") references "fault_signature" ("id") on update cascade on delete set null;`);
    this.addSql(`create index "fault_signature_merged_into_idx" on "fault_signature" ("merged_into_id") where "merged_into_id" is not null;`);

    this.addSql(`create table "fingerprint_redirect" ("fingerprint" text not null, "signature_id" uuid not null, "created_at" timestamptz(3) not null default now(), constraint "fingerprint_redirect_pkey" primary key ("fingerprint"));`);
    this.addSql(`alter table "fingerprint_redirect" add constraint "fingerprint_redirect_signature_id_foreign" foreign key ("signature_id") references "fault_signature" ("id") on update cascade on delete cascade;`);
    this.addSql(`create index "fingerprint_redirect_signature_idx" on "fingerprint_redirect" ("signature_id");`);

    this.addSql(`create type "grouping_rule_kind" as enum ('GROUP_TOGETHER', 'IGNORE_FRAMES');`);
    this.addSql(`create table "grouping_rule" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "kind" "grouping_rule_kind" not null, "application_name" text null, "error_code" text null, "frame_pattern" text null, "description" text not null, "enabled" boolean not null default true, "created_by_id" uuid null, constraint "grouping_rule_pkey" primary key ("id"));`);
    this.addSql(`alter table "grouping_rule" add constraint "grouping_rule_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "grouping_rule";`);
    this.addSql(`drop type if exists "grouping_rule_kind";`);
    this.addSql(`drop table if exists "fingerprint_redirect";`);
    this.addSql(`alter table "fault_signature" drop column "merged_into_id";`);
    this.addSql(`alter table "fault_report" drop column "fingerprint";`);
  }
}
