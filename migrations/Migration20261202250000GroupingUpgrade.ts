import { Migration } from '@mikro-orm/migrations';

/**
 * Grouping config upgrades (issue 15, docs/grouping.md): while a new config is in transition,
 * ingest also computes the previous config's fingerprint; a report that only the old one matches
 * lands in the old signature, and its new fingerprint is redirected there, remembering the old
 * fingerprint it was learnt from (`upgraded_from`), so an unmerge of that signature takes the
 * redirect back with it.
 */
export class Migration20261202250000GroupingUpgrade extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "fingerprint_redirect" add column "upgraded_from" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "fingerprint_redirect" drop column "upgraded_from";`);
  }
}
