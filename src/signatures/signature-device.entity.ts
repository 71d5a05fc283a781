import { Entity, ManyToOne, Property } from '@mikro-orm/core';
import { Device } from '../devices/device.entity';
import { FaultSignature } from './signature.entity';

/** Which devices hit a signature: the exact source of deviceCount, kept by ingest with upserts. */
@Entity({ tableName: 'signature_device' })
export class SignatureDevice {
  @ManyToOne(() => FaultSignature, { primary: true, deleteRule: 'cascade' })
  signature!: FaultSignature;

  @ManyToOne(() => Device, { primary: true, deleteRule: 'cascade', index: true })
  device!: Device;

  @Property({ type: 'integer' })
  reportCount!: number;

  @Property({ type: 'timestamptz', length: 3 })
  firstSeenAt!: Date;

  @Property({ type: 'timestamptz', length: 3 })
  lastSeenAt!: Date;
}
