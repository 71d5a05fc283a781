import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { User } from '../auth/user.entity';
import { timeOrderedId } from '../db/ids';
import { Device } from '../devices/device.entity';
import { FaultSignature } from '../signatures/signature.entity';
import { DeliveryState, ResolutionKind, ResolutionStatus } from './resolution.enums';

/**
 * A fix in the knowledge base. Versions are stored with their sort keys (version-order.ts) so that
 * SQL compares them in the version order; a range is its text (as shown back) and its two bounds.
 */
@Entity({ tableName: 'resolution' })
export class Resolution {
  @PrimaryKey({ type: 'uuid' })
  id: string = timeOrderedId();

  @Enum({ items: () => ResolutionKind, nativeEnumName: 'resolution_kind' })
  kind!: ResolutionKind;

  @Enum({ items: () => ResolutionStatus, nativeEnumName: 'resolution_status', default: ResolutionStatus.DRAFT })
  status: ResolutionStatus = ResolutionStatus.DRAFT;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text' })
  instructions!: string;

  @Property({ type: 'text', nullable: true })
  fixVersion?: string | null;

  @Property({ type: 'text', nullable: true })
  fixVersionKey?: string | null;

  @Property({ type: 'text', nullable: true })
  packageUrl?: string | null;

  @Property({ type: 'text', nullable: true })
  packageSha256?: string | null;

  @Property({ type: 'bigint', nullable: true })
  packageSizeBytes?: number | null;

  @Property({ type: 'text', nullable: true })
  targetManufacturer?: string | null;

  @Property({ type: 'text', nullable: true })
  targetModel?: string | null;

  @Property({ type: 'text', nullable: true })
  targetApplicationName?: string | null;

  @Property({ type: 'text', nullable: true })
  targetAppRange?: string | null;

  @Property({ type: 'text', nullable: true })
  targetAppMinKey?: string | null;

  @Property({ type: 'boolean', nullable: true })
  targetAppMinInclusive?: boolean | null;

  @Property({ type: 'text', nullable: true })
  targetAppMaxKey?: string | null;

  @Property({ type: 'boolean', nullable: true })
  targetAppMaxInclusive?: boolean | null;

  @Property({ type: 'text', nullable: true })
  targetFirmwareRange?: string | null;

  @Property({ type: 'text', nullable: true })
  targetFirmwareMinKey?: string | null;

  @Property({ type: 'boolean', nullable: true })
  targetFirmwareMinInclusive?: boolean | null;

  @Property({ type: 'text', nullable: true })
  targetFirmwareMaxKey?: string | null;

  @Property({ type: 'boolean', nullable: true })
  targetFirmwareMaxInclusive?: boolean | null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  createdBy?: User | null;

  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()' })
  updatedAt: Date = new Date();

  @Property({ type: 'timestamptz', length: 3, nullable: true })
  publishedAt?: Date | null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  publishedBy?: User | null;

  @Property({ type: 'timestamptz', length: 3, nullable: true })
  withdrawnAt?: Date | null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  withdrawnBy?: User | null;
}

/** A signature a resolution answers (a signature may have several: a workaround, later an update). */
@Entity({ tableName: 'resolution_signature' })
export class ResolutionSignature {
  @ManyToOne(() => Resolution, { primary: true, deleteRule: 'cascade' })
  resolution!: Resolution;

  @ManyToOne(() => FaultSignature, { primary: true, deleteRule: 'cascade' })
  signature!: FaultSignature;
}

/** One resolution offered to one device, and where the device is with it. */
@Entity({ tableName: 'resolution_delivery' })
@Unique({ name: 'resolution_delivery_once', properties: ['resolution', 'device'] })
@Index({ name: 'resolution_delivery_device_idx', properties: ['device', 'resolution'] })
export class ResolutionDelivery {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @ManyToOne(() => Resolution, { deleteRule: 'cascade' })
  resolution!: Resolution;

  @ManyToOne(() => Device, { deleteRule: 'cascade' })
  device!: Device;

  @Enum({ items: () => DeliveryState, nativeEnumName: 'delivery_state', default: DeliveryState.NOTIFIED })
  state: DeliveryState = DeliveryState.NOTIFIED;

  @Property({ type: 'integer', nullable: true })
  resultCode?: number | null;

  @Property({ type: 'text', nullable: true })
  message?: string | null;

  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()' })
  createdAt!: Date;

  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()' })
  updatedAt!: Date;

  @Property({ type: 'timestamptz', length: 3, nullable: true })
  installedAt?: Date | null;
}

/** A move of a delivery the device reported (its creation is its NOTIFIED entry). */
@Entity({ tableName: 'resolution_delivery_event' })
@Index({ name: 'resolution_delivery_event_delivery_idx', properties: ['delivery', 'createdAt'] })
export class ResolutionDeliveryEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = timeOrderedId();

  @ManyToOne(() => ResolutionDelivery, { deleteRule: 'cascade' })
  delivery!: ResolutionDelivery;

  @Enum({ items: () => DeliveryState, nativeEnumName: 'delivery_state' })
  state!: DeliveryState;

  @Property({ type: 'integer', nullable: true })
  resultCode?: number | null;

  @Property({ type: 'text', nullable: true })
  message?: string | null;

  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
