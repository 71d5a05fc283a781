import { registerEnumType } from 'type-graphql';

export enum DeviceStatus {
  ACTIVE = 'ACTIVE',
  REVOKED = 'REVOKED',
}

registerEnumType(DeviceStatus, {
  name: 'DeviceStatus',
  description: "Whether a device's token works.",
  valuesConfig: {
    ACTIVE: { description: 'Enrolled and not revoked: its token works.' },
    REVOKED: { description: 'Revoked with revokeDevice: its token no longer works. Its reports are kept.' },
  },
});
