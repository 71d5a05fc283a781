import { Migration } from '@mikro-orm/migrations';

/**
 * Escalation to vendors: tickets and their threads, the webhook delivery log (shared with the alert
 * channels to come), and the keys the server makes for itself (the vendors' pseudonym key).
 */
export class Migration20261202210000VendorTickets extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "server_secret" (
      "name" text not null,
      "value" text not null,
      "created_at" timestamptz(3) not null default now(),
      constraint "server_secret_pkey" primary key ("name"));`);

    this.addSql(`create type "webhook_delivery_status" as enum ('PENDING', 'DELIVERED', 'FAILED', 'SKIPPED');`);
    this.addSql(`create table "webhook_delivery" (
      "id" uuid not null,
      "target_kind" text not null,
      "target_id" uuid not null,
      "event_type" text not null,
      "url" text not null,
      "body" text not null,
      "status" "webhook_delivery_status" not null default 'PENDING',
      "attempts" int not null default 0,
      "last_status_code" int null,
      "last_error" text null,
      "last_attempt_at" timestamptz(3) null,
      "delivered_at" timestamptz(3) null,
      "outbox_event_id" uuid null,
      "created_at" timestamptz(3) not null default now(),
      constraint "webhook_delivery_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_delivery_created_idx" on "webhook_delivery" ("created_at", "id");`);
    this.addSql(`create index "webhook_delivery_target_idx" on "webhook_delivery" ("target_kind", "target_id", "created_at");`);
    this.addSql(`create table "webhook_attempt" (
      "id" uuid not null,
      "delivery_id" uuid not null references "webhook_delivery" ("id") on update cascade on delete cascade,
      "attempted_at" timestamptz(3) not null,
      "url" text not null,
      "status_code" int null,
      "error" text null,
      "duration_ms" int not null,
      constraint "webhook_attempt_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_attempt_delivery_idx" on "webhook_attempt" ("delivery_id");`);

    this.addSql(`create type "vendor_ticket_status" as enum ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS', 'SOLUTION_PROPOSED', 'CLOSED', 'REJECTED');`);
    this.addSql(`create type "ticket_side" as enum ('STAFF', 'VENDOR', 'SYSTEM');`);
    this.addSql(`create type "vendor_ticket_entry_kind" as enum ('ESCALATED', 'COMMENT', 'STATUS_CHANGED', 'EXTERNAL_REF_SET', 'ASSIGNED', 'SOLUTION_PROPOSED', 'RESOLUTION_DRAFTED', 'RESOLUTION_PUBLISHED', 'REOPENED');`);
    this.addSql(`create table "vendor_ticket" (
      "id" uuid not null,
      "vendor_id" uuid not null references "vendor" ("id") on update cascade on delete cascade,
      "signature_id" uuid not null references "fault_signature" ("id") on update cascade on delete cascade,
      "status" "vendor_ticket_status" not null default 'OPEN',
      "title" text not null,
      "evidence" jsonb not null,
      "external_ref" text null,
      "reject_reason" text null,
      "proposal" jsonb null,
      "resolution_id" uuid null,
      "assignee_id" uuid null references "app_user" ("id") on update cascade on delete set null,
      "opened_by_id" uuid null references "app_user" ("id") on update cascade on delete set null,
      "created_at" timestamptz(3) not null default now(),
      "updated_at" timestamptz(3) not null default now(),
      "closed_at" timestamptz(3) null,
      constraint "vendor_ticket_pkey" primary key ("id"));`);
    this.addSql(`create index "vendor_ticket_vendor_updated_idx" on "vendor_ticket" ("vendor_id", "updated_at", "id");`);
    this.addSql(`create index "vendor_ticket_updated_idx" on "vendor_ticket" ("updated_at", "id");`);
    this.addSql(`create index "vendor_ticket_signature_idx" on "vendor_ticket" ("signature_id");`);
    this.addSql(`create index "vendor_ticket_resolution_idx" on "vendor_ticket" ("resolution_id");`);
    // One unfinished ticket per fault and vendor, under concurrency too: escalating again adds to it.
    this.addSql(`create unique index "vendor_ticket_one_unfinished" on "vendor_ticket" ("signature_id", "vendor_id") where "status" not in ('CLOSED', 'REJECTED');`);
    this.addSql(`create table "vendor_ticket_entry" (
      "id" uuid not null,
      "ticket_id" uuid not null references "vendor_ticket" ("id") on update cascade on delete cascade,
      "kind" "vendor_ticket_entry_kind" not null,
      "side" "ticket_side" not null,
      "author_id" uuid null references "app_user" ("id") on update cascade on delete set null,
      "body" text null,
      "from_status" "vendor_ticket_status" null,
      "to_status" "vendor_ticket_status" null,
      "regression" jsonb null,
      "created_at" timestamptz(3) not null default now(),
      constraint "vendor_ticket_entry_pkey" primary key ("id"));`);
    this.addSql(`create index "vendor_ticket_entry_ticket_idx" on "vendor_ticket_entry" ("ticket_id", "created_at", "id");`);

    // An escalation's activity entry names its ticket.
    this.addSql(`alter table "signature_activity" add column "vendor_ticket_id" uuid null;`);
  }
}
