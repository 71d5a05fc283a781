import type { Severity } from '../reports/severity';
import { Role, UserRole } from './roles';

export interface DevicePolicy {
  enabled: boolean;
  minSeverity: Severity;
  maxReportsPerHour: number;
  collectStackTrace: boolean;
  collectAttributes: boolean;
}

export interface UserPrincipal {
  kind: 'user';
  id: string;
  role: UserRole;
  vendorId: string | null;
}

export interface DevicePrincipal {
  kind: 'device';
  id: string;
  role: Role.DEVICE;
  policy: DevicePolicy;
}

/** Who is calling. Resolved once per request (or per WebSocket operation) from the bearer token. */
export type Principal = UserPrincipal | DevicePrincipal;
