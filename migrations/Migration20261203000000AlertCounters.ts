import { Migration } from '@mikro-orm/migrations';

/**
 * What SPIKE rules count from, mutes, and the check-in history (issue 13).
 *
 * signature_counter: reports per signature per minute and per hour, kept by the ingest statement
 * (one upsert per signature and grain). A rule's window is then a sum over at most a day of minute
 * rows or a week of hour rows, whatever the traffic; the evaluator never re-reads reports. No index
 * but the key: retention reads the table once an hour, and every index would cost ingest. Filled
 * here from the reports still inside the retention (signatures/counter.sql.ts).
 *
 * A muted signature stays quiet in every alert rule until muted_until (null: until unmuted).
 *
 * device_check_in: every check-in, so fleet stability counts a device active in a past window it
 * checked in during, not only by its last check-in. Filled with the last check-in each device has.
 */
export class Migration20261203000000AlertCounters extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "signature_counter" (
      "signature_id" uuid not null references "fault_signature" ("id") on update cascade on delete cascade,
      "span_minutes" smallint not null,
      "bucket" timestamptz not null,
      "reports" int not null,
      constraint "signature_counter_pkey" primary key ("signature_id", "span_minutes", "bucket"));`);
    this.addSql(`insert into "signature_counter" ("signature_id", "span_minutes", "bucket", "reports")
      select "signature_id", 1, date_trunc('minute', "received_at", 'UTC'), count(*) from "fault_report"
       where "received_at" >= now() - interval '2 days' group by 1, 3;`);
    this.addSql(`insert into "signature_counter" ("signature_id", "span_minutes", "bucket", "reports")
      select "signature_id", 60, date_trunc('hour', "received_at", 'UTC'), count(*) from "fault_report"
       where "received_at" >= date_trunc('hour', now() - interval '15 days', 'UTC') group by 1, 3;`);

    this.addSql(`alter table "fault_signature" add column "muted_at" timestamptz(3) null, add column "muted_until" timestamptz(3) null;`);
    this.addSql(`alter table "signature_activity" add column "muted_until" timestamptz(3) null;`);

    this.addSql(`create table "device_check_in" (
      "device_id" uuid not null references "device" ("id") on update cascade on delete cascade,
      "checked_in_at" timestamptz not null,
      constraint "device_check_in_pkey" primary key ("device_id", "checked_in_at"));`);
    this.addSql(`create index "device_check_in_at_brin" on "device_check_in" using brin ("checked_in_at") with (autosummarize = on);`);
    this.addSql(`insert into "device_check_in" ("device_id", "checked_in_at") select "id", "last_check_in_at" from "device" where "last_check_in_at" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "device_check_in";`);
    this.addSql(`alter table "signature_activity" drop column if exists "muted_until";`);
    this.addSql(`alter table "fault_signature" drop column if exists "muted_at", drop column if exists "muted_until";`);
    this.addSql(`drop table if exists "signature_counter";`);
  }
}
