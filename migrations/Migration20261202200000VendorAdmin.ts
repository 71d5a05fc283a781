import { Migration } from '@mikro-orm/migrations';

/**
 * Vendor administration (issue 12): a vendor's webhook secret, set by the operator with the URL and
 * kept as given so that deliveries can be signed with it (HMAC-SHA256, DOMAIN.md "Webhooks"); and
 * a vendor can be disabled, which stops every one of its users' tokens (auth/token-lookup.ts).
 */
export class Migration20261202200000VendorAdmin extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "vendor" add column "webhook_secret" text null, add column "disabled_at" timestamptz(3) null;`);
    // Disabling a vendor and listing its users find them by vendor (and so does the cascade of a vendor's deletion).
    this.addSql(`create index "app_user_vendor_id_index" on "app_user" ("vendor_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "app_user_vendor_id_index";`);
    this.addSql(`alter table "vendor" drop column "webhook_secret", drop column "disabled_at";`);
  }
}
