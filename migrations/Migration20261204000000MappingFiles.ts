import { Migration } from '@mikro-orm/migrations';

/**
 * Mapping files for deobfuscation (issue 15): ProGuard `mapping.txt` and JavaScript source maps a
 * build pipeline uploads per application version. The content is kept as text (both formats are
 * UTF-8 text; uploads with NUL bytes are refused), read only when a process parses it into its
 * cache. One ProGuard file per version (name ''), source maps by the minified file they map; the
unique key also serves the lookups by version.
 */
export class Migration20261204000000MappingFiles extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "mapping_file" (
      "id" uuid not null,
      "created_at" timestamptz(3) not null default now(),
      "application_name" text not null,
      "application_version" text not null,
      "kind" text check ("kind" in ('PROGUARD', 'SOURCE_MAP')) not null,
      "name" text not null,
      "content" text not null,
      "size_bytes" int not null,
      "sha256" text not null,
      "uploaded_at" timestamptz(3) not null,
      "uploaded_by_id" uuid null references "app_user" ("id") on update cascade on delete set null,
      constraint "mapping_file_pkey" primary key ("id"),
      constraint "mapping_file_version_kind_name_key" unique ("application_name", "application_version", "kind", "name"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "mapping_file";`);
  }
}
