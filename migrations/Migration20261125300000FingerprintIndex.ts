import { Migration } from '@mikro-orm/migrations';

/**
 * A signature's id is derived from its fingerprint, and ingest upserts on the id. A second unique
 * index on the fingerprint is not an arbiter of that upsert, so two reports opening the same
 * signature at the same moment could fail on it (unique_violation) instead of one updating the
 * other's row. Uniqueness already follows from the id; the fingerprint keeps a plain index.
 */
export class Migration20261125300000FingerprintIndex extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "fault_signature" drop constraint "fault_signature_fingerprint_unique";`);
    this.addSql(`create index "fault_signature_fingerprint_idx" on "fault_signature" ("fingerprint");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "fault_signature_fingerprint_idx";`);
    this.addSql(`alter table "fault_signature" add constraint "fault_signature_fingerprint_unique" unique ("fingerprint");`);
  }
}
