import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Device } from '../devices/device.entity';
import { FaultSignature } from './signature.entity';

/**
 * Report counts of a signature per (dimension, value, device), kept by ingest with one multi-row
 * upsert. Grouping by value gives a breakdown's reportCount (sum) and deviceCount (rows) in SQL,
 * bounded by the signature's devices rather than its reports.
 */
@Entity({ tableName: 'signature_breakdown' })
export class SignatureBreakdown {
  @ManyToOne(() => FaultSignature, { primary: true, deleteRule: 'cascade' })
  signature!: FaultSignature;

  /** APPLICATION_VERSION, MODEL, FIRMWARE or RUNTIME. */
  @PrimaryKey({ type: 'text' })
  dimension!: string;

  @PrimaryKey({ type: 'text' })
  value!: string;

  @ManyToOne(() => Device, { primary: true, deleteRule: 'cascade', index: true })
  device!: Device;

  @Property({ type: 'integer' })
  reportCount!: number;
}
