import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { User } from '../auth/user.entity';
import type { GroupingComponent, StackFrame } from './grouping';
import { SignatureStatus } from './signature-status';

/**
 * One underlying fault. Rows are created and counted by ingest in SQL (see reports/ingest.sql.ts);
 * the ORM reads them and handles technicians' edits.
 */
@Entity({ tableName: 'fault_signature' })
@Index({ name: 'fault_signature_last_seen_idx', properties: ['lastSeenAt', 'id'] })
export class FaultSignature {
  /** Derived from the fingerprint (see signature-id.ts), so ingest knows it without a lookup. */
  @Property({ type: 'uuid', primary: true })
  id!: string;

  /** Unique through the id derived from it (see the FingerprintIndex migration). */
  @Index({ name: 'fault_signature_fingerprint_idx' })
  @Property({ type: 'text' })
  fingerprint!: string;

  /** The grouping config that produced the fingerprint; later rule changes never re-group old signatures. */
  @Property({ type: 'text' })
  groupingConfig!: string;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text' })
  errorCode!: string;

  @Property({ type: 'text', nullable: true })
  exceptionType?: string;

  @Property({ type: 'text' })
  applicationName!: string;

  @Property({ type: 'text', nullable: true })
  normalisedMessage?: string;

  /** The identifying frames (normalised) and every component with contributes/hint. */
  @Property({ type: 'jsonb' })
  frames!: StackFrame[];

  @Property({ type: 'jsonb' })
  components!: GroupingComponent[];

  @Enum({ items: () => SignatureStatus, nativeEnumName: 'signature_status', default: SignatureStatus.NEW })
  status: SignatureStatus = SignatureStatus.NEW;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  assignee?: User;

  /** Set while this signature is merged into another: its reports and fingerprints live there. */
  @ManyToOne(() => FaultSignature, { nullable: true, deleteRule: 'set null' })
  mergedInto?: FaultSignature;

  /**
   * Whether a published resolution answers it: kept by the resolutions module when it publishes,
   * withdraws or follows a merge, read by ingest to choose its statement (ingest.sql.ts).
   */
  @Property({ type: 'boolean', default: false })
  answered = false;

  /**
   * Muted: alert rules stay quiet about it from mutedAt until mutedUntil (null: until unmuted).
   * Its reports are still stored, counted and streamed; only notifications stop. The fields stay
   * when a timed mute ends: read them through signature-mute.ts, never as they are.
   */
  @Property({ type: 'timestamptz', length: 3, nullable: true })
  mutedAt?: Date | null;

  @Property({ type: 'timestamptz', length: 3, nullable: true })
  mutedUntil?: Date | null;

  @Property({ type: 'integer', default: 0 })
  reportCount = 0;

  @Property({ type: 'integer', default: 0 })
  deviceCount = 0;

  @Property({ type: 'timestamptz', length: 3 })
  firstSeenAt!: Date;

  @Property({ type: 'timestamptz', length: 3 })
  lastSeenAt!: Date;

  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
