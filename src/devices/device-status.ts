import { registerEnumType } from 'type-graphql';

export enum DeviceStatus {
  ACTIVE = 'ACTIVE',
  REVOKED = 'REVOKED',
}

registerEnumType(DeviceStatus, { name: 'DeviceStatus' });
