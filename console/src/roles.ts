import type { UserRole } from './gql/graphql';

export const STAFF: readonly UserRole[] = ['ADMIN', 'TECHNICIAN'];
export const ADMIN: readonly UserRole[] = ['ADMIN'];
export const EVERYONE: readonly UserRole[] = ['ADMIN', 'TECHNICIAN', 'VENDOR'];

/** The navigation, in order, and who may use each screen (a vendor user: Tickets only). */
export const SCREENS: readonly { label: string; path: string; roles: readonly UserRole[] }[] = [
  { label: 'Live', path: '/live', roles: STAFF },
  { label: 'Signatures', path: '/signatures', roles: STAFF },
  { label: 'Devices', path: '/devices', roles: STAFF },
  { label: 'Resolutions', path: '/resolutions', roles: STAFF },
  { label: 'Tickets', path: '/tickets', roles: EVERYONE },
  { label: 'Alerts', path: '/alerts', roles: STAFF },
  { label: 'Dashboard', path: '/dashboard', roles: STAFF },
  { label: 'Admin', path: '/admin', roles: ADMIN },
];

export const homeOf = (role: UserRole): string => SCREENS.find((s) => s.roles.includes(role))!.path;
