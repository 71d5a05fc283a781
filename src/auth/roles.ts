import { registerEnumType } from 'type-graphql';

export enum UserRole {
  ADMIN = 'ADMIN',
  TECHNICIAN = 'TECHNICIAN',
  VENDOR = 'VENDOR',
}

/** Roles as used by `@Authorized(...)`; DEVICE is the role of an authenticated device. */
export enum Role {
  ADMIN = 'ADMIN',
  TECHNICIAN = 'TECHNICIAN',
  VENDOR = 'VENDOR',
  DEVICE = 'DEVICE',
}

/** The operator's staff: everything about faults is theirs to read. */
export const STAFF = [Role.ADMIN, Role.TECHNICIAN] as const;

registerEnumType(UserRole, {
  name: 'UserRole',
  description: 'What a user may do.',
  valuesConfig: {
    ADMIN: { description: 'An operator admin: manages users, vendors and grouping rules, and does everything a technician does.' },
    TECHNICIAN: { description: 'An operator technician: enrols devices, sets their reporting policies and works on signatures.' },
    VENDOR: { description: "A vendor partner's user (made with createVendorUser): sees only their own vendor's tickets." },
  },
});
