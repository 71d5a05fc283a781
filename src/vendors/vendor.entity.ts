import { Entity, Formula, Property } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';

/** An external organisation (device manufacturer, software provider) that faults can be escalated to. */
@Entity()
export class Vendor extends BaseEntity {
  @Property({ type: 'text', unique: true })
  name: string;

  @Property({ type: 'text', nullable: true })
  webhookUrl?: string | null;

  /**
   * The key that signs webhook deliveries to the vendor (HMAC-SHA256, DOMAIN.md "Webhooks"), kept as
   * the operator gave it: signing needs the secret itself, so it cannot be hashed. Never loaded
   * unless asked for (`populate: ['webhookSecret']`, where a delivery is signed) and never
   * serialised; the API says only whether one is set (`webhookSecretSet`).
   */
  @Property({ type: 'text', nullable: true, lazy: true, hidden: true })
  webhookSecret?: string | null;

  /** Whether a secret is set, read with the row (the secret itself is not); kept in step by setWebhookSecret. */
  @Formula((table) => `(${table.alias}."webhook_secret" is not null)`, { type: 'boolean' })
  webhookSecretSet: boolean;

  /**
   * When the operator disabled the vendor, or null while it is enabled. A disabled vendor's users
   * cannot authenticate (auth/token-lookup.ts) and nothing may be escalated to it.
   */
  @Property({ type: 'timestamptz', length: 3, nullable: true })
  disabledAt?: Date | null;

  constructor(name: string, webhookUrl?: string | null, webhookSecret?: string | null) {
    super();
    this.name = name;
    this.webhookUrl = webhookUrl ?? null;
    this.webhookSecret = webhookSecret ?? null;
    this.webhookSecretSet = this.webhookSecret !== null;
  }

  setWebhookSecret(secret: string | null): void {
    this.webhookSecret = secret;
    this.webhookSecretSet = secret !== null;
  }
}
