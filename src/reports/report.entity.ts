import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Device } from '../devices/device.entity';
import type { StackFrame } from '../signatures/grouping';
import { FaultSignature } from '../signatures/signature.entity';
import { Severity } from './severity';

/** One occurrence as the device sent it. Inserted by ingest in SQL; read through the ORM. */
@Entity({ tableName: 'fault_report' })
@Unique({ name: 'fault_report_device_client_id_key', properties: ['device', 'clientReportId'] })
@Index({ name: 'fault_report_signature_received_idx', properties: ['signature', 'receivedAt', 'id'] })
export class FaultReport {
  @Property({ type: 'uuid', primary: true })
  id!: string;

  @ManyToOne(() => Device, { deleteRule: 'cascade' })
  device!: Device;

  @Property({ type: 'text' })
  clientReportId!: string;

  @ManyToOne(() => FaultSignature, { deleteRule: 'cascade' })
  signature!: FaultSignature;

  /** The fingerprint it was grouped by: after a merge it still says where the report came from. */
  @Property({ type: 'text' })
  fingerprint!: string;

  @Property({ type: 'timestamptz', length: 3 })
  occurredAt!: Date;

  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()' })
  receivedAt!: Date;

  @Property({ type: 'text' })
  errorCode!: string;

  @Enum({ items: () => Severity, nativeEnumName: 'severity' })
  severity!: Severity;

  @Property({ type: 'text' })
  applicationName!: string;

  @Property({ type: 'text' })
  applicationVersion!: string;

  @Property({ type: 'text', nullable: true })
  applicationType?: string;

  @Property({ type: 'text', nullable: true })
  applicationVendor?: string;

  @Property({ type: 'text', nullable: true })
  runtimeName?: string;

  @Property({ type: 'text', nullable: true })
  runtimeVersion?: string;

  @Property({ type: 'text', nullable: true })
  exceptionType?: string;

  @Property({ type: 'text', nullable: true })
  message?: string;

  @Property({ type: 'text', nullable: true })
  stackTrace?: string;

  @Property({ type: 'jsonb' })
  frames!: StackFrame[];

  @Property({ type: 'jsonb', nullable: true })
  attributes?: Record<string, unknown>;
}
