import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A row of the transactional outbox (src/events/outbox.ts writes and dispatches them in SQL; the
 * ORM reads them for the admin's view). Created by the Outbox migration.
 */
@Entity({ tableName: 'outbox_event' })
@Index({ name: 'outbox_event_status_created_idx', properties: ['status', 'createdAt', 'id'] })
export class OutboxEventRow {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  type!: string;

  @Property({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  /** PENDING (due or retrying), DONE or DEAD. */
  @Property({ type: 'text' })
  status!: 'PENDING' | 'DONE' | 'DEAD';

  @Property({ type: 'integer' })
  attempts!: number;

  @Property({ type: 'timestamptz', length: 3 })
  availableAt!: Date;

  @Property({ type: 'timestamptz', length: 3, nullable: true })
  lockedUntil?: Date;

  @Property({ type: 'text', nullable: true })
  lockedBy?: string;

  @Property({ type: 'text', nullable: true })
  lastError?: string;

  @Property({ type: 'timestamptz', length: 3 })
  createdAt!: Date;

  @Property({ type: 'timestamptz', length: 3, nullable: true })
  doneAt?: Date;
}
