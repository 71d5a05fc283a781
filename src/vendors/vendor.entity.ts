import { Entity, Property } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';

/** An external organisation (device manufacturer, software provider) that faults can be escalated to. */
@Entity()
export class Vendor extends BaseEntity {
  @Property({ type: 'text', unique: true })
  name: string;

  @Property({ type: 'text', nullable: true })
  webhookUrl?: string;

  constructor(name: string, webhookUrl?: string) {
    super();
    this.name = name;
    this.webhookUrl = webhookUrl;
  }
}
