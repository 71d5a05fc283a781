import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { User } from '../auth/user.entity';
import { timeOrderedId } from '../db/ids';
import { SignatureActivityKind } from './signature-activity-kind';
import { SignatureStatus } from './signature-status';
import { FaultSignature } from './signature.entity';

/**
 * One change made to a signature: the history technicians read. Entries of one change share
 * createdAt; their time-ordered ids keep the order they were made in.
 */
@Entity({ tableName: 'signature_activity' })
@Index({ name: 'signature_activity_signature_created_idx', properties: ['signature', 'createdAt', 'id'] })
export class SignatureActivity {
  @PrimaryKey({ type: 'uuid' })
  id: string = timeOrderedId();

  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()' })
  createdAt: Date;

  @ManyToOne(() => FaultSignature, { deleteRule: 'cascade' })
  signature: FaultSignature;

  /** Who made the change; null once that user is deleted (or for changes made by faultbase itself). */
  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  actor?: User;

  /** Stored as text: later kinds (escalation, merge, regression) need no enum migration. */
  @Enum({ items: () => SignatureActivityKind, type: 'text' })
  kind: SignatureActivityKind;

  @Enum({ items: () => SignatureStatus, nativeEnumName: 'signature_status', nullable: true })
  fromStatus?: SignatureStatus;

  @Enum({ items: () => SignatureStatus, nativeEnumName: 'signature_status', nullable: true })
  toStatus?: SignatureStatus;

  /** ASSIGNED: the new assignee; UNASSIGNED: the one removed. */
  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  assignee?: User;

  @Property({ type: 'text', nullable: true })
  note?: string;

  /** REGRESSED, RESOLUTION_PUBLISHED: the resolution (an id: resolutions build on signatures, not the reverse). */
  @Property({ type: 'uuid', nullable: true })
  resolutionId?: string | null;

  /** REGRESSED: the device whose report was the evidence, the report, and the version it ran. */
  @Property({ type: 'uuid', nullable: true })
  deviceId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  reportId?: string | null;

  @Property({ type: 'text', nullable: true })
  version?: string | null;

  /** MUTED: when the mute ends by itself (null: until unmuted). */
  @Property({ type: 'timestamptz', length: 3, nullable: true })
  mutedUntil?: Date | null;

  /** ESCALATED: the vendor ticket (an id: tickets build on signatures, not the reverse). */
  @Property({ type: 'uuid', nullable: true })
  vendorTicketId?: string | null;

  constructor(fields: {
    signature: FaultSignature;
    actor?: User;
    kind: SignatureActivityKind;
    createdAt: Date;
    fromStatus?: SignatureStatus;
    toStatus?: SignatureStatus;
    assignee?: User;
    note?: string;
    resolutionId?: string;
    mutedUntil?: Date | null;
  }) {
    Object.assign(this, fields);
    this.signature = fields.signature;
    this.kind = fields.kind;
    this.createdAt = fields.createdAt;
  }
}
