import { Embedded, Entity, Enum, Index, Property } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { DeviceStatus } from './device-status';
import { ReportingPolicy } from './reporting-policy.embeddable';

/** An enrolled device. serialNumber and subscriberId are personal data: never shown to vendors. */
@Entity()
@Index({ properties: ['model'] })
export class Device extends BaseEntity {
  @Property({ type: 'text' })
  serialNumber: string;

  @Property({ type: 'text' })
  manufacturer: string;

  @Property({ type: 'text' })
  model: string;

  @Property({ type: 'text', nullable: true })
  firmwareVersion?: string;

  /** versionKey(firmwareVersion), for targeting by firmware range in SQL (devices/version-order.ts). */
  @Property({ type: 'text', nullable: true })
  firmwareVersionKey?: string | null;

  @Property({ type: 'text', nullable: true })
  runtimeName?: string;

  @Property({ type: 'text', nullable: true })
  runtimeVersion?: string;

  @Property({ type: 'text', nullable: true })
  subscriberId?: string;

  @Enum({ items: () => DeviceStatus, nativeEnumName: 'device_status' })
  status: DeviceStatus = DeviceStatus.ACTIVE;

  @Embedded({ entity: () => ReportingPolicy, prefix: 'policy_' })
  policy: ReportingPolicy = new ReportingPolicy();

  /** sha256 of the device's bearer token. */
  @Property({ type: 'text', unique: true, hidden: true })
  tokenHash: string;

  @Property({ type: 'timestamptz', length: 3, nullable: true })
  lastSeenAt?: Date;

  @Property({ type: 'timestamptz', length: 3, nullable: true })
  revokedAt?: Date;

  /** When the device last checked in (said what it runs); lastSeenAt counts reports too. */
  @Property({ type: 'timestamptz', length: 3, nullable: true })
  lastCheckInAt?: Date | null;

  /** Fixed one-hour rate window for policy.maxReportsPerHour, updated by ingest in SQL. */
  @Property({ type: 'timestamptz', length: 3, nullable: true, hidden: true })
  rateWindowStart?: Date;

  @Property({ type: 'integer', default: 0, hidden: true })
  rateWindowCount = 0;

  constructor(fields: {
    serialNumber: string;
    manufacturer: string;
    model: string;
    firmwareVersion?: string;
    firmwareVersionKey?: string | null;
    runtimeName?: string;
    runtimeVersion?: string;
    subscriberId?: string;
    tokenHash: string;
  }) {
    super();
    Object.assign(this, fields);
    this.serialNumber = fields.serialNumber;
    this.manufacturer = fields.manufacturer;
    this.model = fields.model;
    this.tokenHash = fields.tokenHash;
  }
}
