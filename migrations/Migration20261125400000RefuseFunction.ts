import { Migration } from '@mikro-orm/migrations';

/**
 * Ingest stores a request's reports in one statement (no explicit transaction). When the statement
 * finds it must not commit (a signature merged meanwhile, a device over its hourly limit) it calls
 * this function, whose error aborts the statement and so undoes every row it wrote. The SQLSTATE
 * is the reason, for the caller to retry or to answer RATE_LIMITED.
 */
export class Migration20261125400000RefuseFunction extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function "faultbase_refuse"(reason text) returns boolean language plpgsql volatile as $$
begin
  raise exception 'faultbase: statement refused (%)', reason using errcode = reason;
end
$$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function "faultbase_refuse"(text);`);
  }
}
