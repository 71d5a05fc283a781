import { Migration } from '@mikro-orm/migrations';

/**
 * The transactional outbox: reactions that must happen (a new signature → alert rules, a ticket
 * changed → the vendor's webhook) are rows written in the same transaction or statement as the
 * change, and run by a dispatcher in every server process (src/events/outbox.ts).
 */
export class Migration20261202000000Outbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "outbox_event" (
      "id" uuid not null default gen_random_uuid(),
      "type" text not null,
      "payload" jsonb not null,
      "status" text not null default 'PENDING' check ("status" in ('PENDING', 'DONE', 'DEAD')),
      "attempts" int not null default 0,
      "available_at" timestamptz(3) not null default now(),
      "locked_until" timestamptz(3) null,
      "locked_by" text null,
      "last_error" text null,
      "created_at" timestamptz(3) not null default now(),
      "done_at" timestamptz(3) null,
      constraint "outbox_event_pkey" primary key ("id"));`);
    // What a dispatcher claims: pending rows that are due, oldest first.
    this.addSql(`create index "outbox_event_due_idx" on "outbox_event" ("available_at") where "status" = 'PENDING';`);
    this.addSql(`create index "outbox_event_status_created_idx" on "outbox_event" ("status", "created_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "outbox_event";`);
  }
}
