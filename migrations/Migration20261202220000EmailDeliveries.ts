import { Migration } from '@mikro-orm/migrations';

/**
 * E-mail (issue 13, alerts) joins the webhook delivery log rather than getting a log of its own:
 * one list for admins, one retry, one outbox policy. Existing rows are webhooks.
 */
export class Migration20261202220000EmailDeliveries extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "notification_channel" as enum ('WEBHOOK', 'EMAIL');`);
    this.addSql(`alter table "webhook_delivery" add column "channel" "notification_channel" not null default 'WEBHOOK';`);
  }
}
