import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { User } from '../auth/user.entity';
import { timeOrderedId } from '../db/ids';
import { FaultSignature } from '../signatures/signature.entity';
import { Vendor } from '../vendors/vendor.entity';
import type { EvidenceBundle, EvidenceSample, Proposal } from './evidence';
import { TicketEntryKind, TicketSide, VendorTicketStatus } from './vendor-ticket.enums';

/**
 * A signature escalated to one vendor. At most one unfinished ticket per (signature, vendor): a
 * partial unique index (migration) holds it under concurrency; escalating again adds to it. The
 * evidence is frozen at escalation, already pseudonymised and scrubbed: what the vendor sees is
 * what is stored, never a view filtered afterwards.
 */
@Entity({ tableName: 'vendor_ticket' })
@Index({ name: 'vendor_ticket_vendor_updated_idx', properties: ['vendor', 'updatedAt', 'id'] })
@Index({ name: 'vendor_ticket_updated_idx', properties: ['updatedAt', 'id'] })
export class VendorTicket {
  @PrimaryKey({ type: 'uuid' })
  id: string = timeOrderedId();

  @ManyToOne(() => Vendor, { deleteRule: 'cascade' })
  vendor!: Vendor;

  @ManyToOne(() => FaultSignature, { deleteRule: 'cascade', index: 'vendor_ticket_signature_idx' })
  signature!: FaultSignature;

  @Enum({ items: () => VendorTicketStatus, nativeEnumName: 'vendor_ticket_status', default: VendorTicketStatus.OPEN })
  status: VendorTicketStatus = VendorTicketStatus.OPEN;

  /** The signature's title when it was escalated. */
  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'jsonb' })
  evidence!: EvidenceBundle;

  @Property({ type: 'text', nullable: true })
  externalRef?: string | null;

  @Property({ type: 'text', nullable: true })
  rejectReason?: string | null;

  /** The vendor's proposed resolution, while it is SOLUTION_PROPOSED and after. */
  @Property({ type: 'jsonb', nullable: true })
  proposal?: Proposal | null;

  /** The resolution a technician drafted from the proposal. */
  @Property({ type: 'uuid', nullable: true, index: 'vendor_ticket_resolution_idx' })
  resolutionId?: string | null;

  @ManyToOne(() => User, { deleteRule: 'set null', nullable: true })
  assignee?: User | null;

  @ManyToOne(() => User, { deleteRule: 'set null', nullable: true })
  openedBy?: User | null;

  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()' })
  updatedAt: Date = new Date();

  @Property({ type: 'timestamptz', length: 3, nullable: true })
  closedAt?: Date | null;
}

/** One entry of a ticket's thread: a comment, a move, a proposal… with who made it. */
@Entity({ tableName: 'vendor_ticket_entry' })
@Index({ name: 'vendor_ticket_entry_ticket_idx', properties: ['ticket', 'createdAt', 'id'] })
export class VendorTicketEntry {
  @PrimaryKey({ type: 'uuid' })
  id: string = timeOrderedId();

  @ManyToOne(() => VendorTicket, { deleteRule: 'cascade' })
  ticket!: VendorTicket;

  @Enum({ items: () => TicketEntryKind, nativeEnumName: 'vendor_ticket_entry_kind' })
  kind!: TicketEntryKind;

  @Enum({ items: () => TicketSide, nativeEnumName: 'ticket_side' })
  side!: TicketSide;

  /** Null for faultbase's own entries (and when the user was deleted). */
  @ManyToOne(() => User, { deleteRule: 'set null', nullable: true })
  author?: User | null;

  @Property({ type: 'text', nullable: true })
  body?: string | null;

  @Enum({ items: () => VendorTicketStatus, nativeEnumName: 'vendor_ticket_status', nullable: true })
  fromStatus?: VendorTicketStatus | null;

  @Enum({ items: () => VendorTicketStatus, nativeEnumName: 'vendor_ticket_status', nullable: true })
  toStatus?: VendorTicketStatus | null;

  /** REOPENED: the report that proved the fault back, as the vendor may see it. */
  @Property({ type: 'jsonb', nullable: true })
  regression?: EvidenceSample | null;

  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
