import { Migration } from '@mikro-orm/migrations';

/**
 * Fleet stability reads fault_report by window of received_at (stability/stability.sql.ts). A BRIN
 * index: received_at is set by the server at insert, so it follows the table's physical order, and
 * a BRIN index finds a window's pages from a summary of a few kilobytes that ingest keeps at almost
 * no cost (no B-tree entry per report on the ingest path). autosummarize: a filled range is summed up
 * by autovacuum soon after, so the pages of old windows are skipped without waiting for a VACUUM
 * (unsummarised ranges are always read, which is cheap only while they are the recent tail).
 */
export class Migration20261202240000StabilityIndex extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "fault_report_received_brin" on "fault_report" using brin ("received_at") with (pages_per_range = 32, autosummarize = on);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "fault_report_received_brin";`);
  }
}
