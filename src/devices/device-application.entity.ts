import { Entity, ManyToOne, Property } from '@mikro-orm/core';
import { Device } from './device.entity';

/** An application installed on a device, as the device said at its last check-in. */
@Entity({ tableName: 'device_application' })
export class DeviceApplication {
  @ManyToOne(() => Device, { primary: true, deleteRule: 'cascade' })
  device!: Device;

  @Property({ type: 'text', primary: true })
  name!: string;

  @Property({ type: 'text' })
  version!: string;

  /** versionKey(version): compared in SQL in the version order (devices/version-order.ts). */
  @Property({ type: 'text' })
  versionKey!: string;

  @Property({ type: 'text', nullable: true })
  type?: string | null;

  @Property({ type: 'text', nullable: true })
  vendor?: string | null;

  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()' })
  updatedAt!: Date;
}
