import { Migration } from '@mikro-orm/migrations';

/**
 * The technicians' workbench: full-text search over signatures, indexes for the list filters, and
 * the activity log of changes made to a signature.
 *
 * search_vector is a stored generated column (the expression is IMMUTABLE: to_tsvector with a
 * constant config, regexp_replace, jsonb_path_query_array and text concatenation; concat_ws would
 * not be). Every non-alphanumeric run becomes a space before parsing so that dotted and slashed
 * names ("com.example.game.Renderer.drawSprite") index as their parts: the default parser would
 * keep them as one "host" or "file" token that no word search could hit. The query side splits
 * the same way (see signature-filter.ts). Works alike on PostgreSQL and PGlite (no extension).
 *
 * No index on device.last_seen_at: ingest updates it on every report and, unindexed, that update
 * stays HOT; the device list sorts the filtered set per page instead (see device.service.ts).
 */
export class Migration20261125100000Workbench extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "fault_signature" add column "search_vector" tsvector generated always as (
      to_tsvector('simple', regexp_replace(
        coalesce("title", '') || ' ' || coalesce("normalised_message", '') || ' ' ||
          jsonb_path_query_array("frames", '$[*].function')::text,
        '[^[:alnum:]]+', ' ', 'g'))
    ) stored;`);
    this.addSql(`create index "fault_signature_search_idx" on "fault_signature" using gin ("search_vector");`);
    // "My signatures": only assigned rows are indexed, so unassigned ones (most) cost nothing.
    this.addSql(`create index "fault_signature_assignee_idx" on "fault_signature" ("assignee_id") where "assignee_id" is not null;`);
    // Filters by version, model or firmware can start from the value when it is rare; the primary
    // key (signature_id, dimension, value, device_id) serves the per-signature EXISTS probe.
    this.addSql(`create index "signature_breakdown_value_idx" on "signature_breakdown" ("dimension", "value", "signature_id");`);

    // kind is text, not a native enum: later issues add kinds (escalation, merge, regression), and
    // a new enum value cannot be used in the transaction (migration) that adds it.
    this.addSql(`create table "signature_activity" (
      "id" uuid not null,
      "created_at" timestamptz(3) not null default now(),
      "signature_id" uuid not null,
      "actor_id" uuid null,
      "kind" text not null,
      "from_status" "signature_status" null,
      "to_status" "signature_status" null,
      "assignee_id" uuid null,
      "note" text null,
      constraint "signature_activity_pkey" primary key ("id"));`);
    this.addSql(`create index "signature_activity_signature_created_idx" on "signature_activity" ("signature_id", "created_at", "id");`);
    this.addSql(`alter table "signature_activity" add constraint "signature_activity_signature_id_foreign" foreign key ("signature_id") references "fault_signature" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "signature_activity" add constraint "signature_activity_actor_id_foreign" foreign key ("actor_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "signature_activity" add constraint "signature_activity_assignee_id_foreign" foreign key ("assignee_id") references "app_user" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "signature_activity" cascade;`);
    this.addSql(`drop index if exists "signature_breakdown_value_idx";`);
    this.addSql(`drop index if exists "fault_signature_assignee_idx";`);
    this.addSql(`drop index if exists "fault_signature_search_idx";`);
    this.addSql(`alter table "fault_signature" drop column if exists "search_vector";`);
  }
}
