import type { Query, Sql } from '../db/sql';
import type { Severity } from '../reports/severity';
import type { Principal } from './principal';
import { Role, type UserRole } from './roles';
import { DEVICE_TOKEN_PREFIX, hashToken } from './token';

export const DEVICE_BY_TOKEN: Query = {
  name: 'auth_device_by_token',
  text: `SELECT id, policy_enabled, policy_min_severity, policy_max_reports_per_hour,
                policy_collect_stack_trace, policy_collect_attributes
           FROM device WHERE token_hash = $1 AND status = 'ACTIVE'`,
};

/** A user whose token works: not revoked, and not of a disabled vendor (staff have no vendor). */
const USER_BY_TOKEN: Query = {
  name: 'auth_user_by_token',
  text: `SELECT u.id, u.role, u.vendor_id
           FROM app_user u LEFT JOIN vendor v ON v.id = u.vendor_id
          WHERE u.token_hash = $1 AND u.revoked_at IS NULL AND v.disabled_at IS NULL`,
};

interface DeviceRow {
  [key: string]: unknown;
  id: string;
  policy_enabled: boolean;
  policy_min_severity: Severity;
  policy_max_reports_per_hour: number;
  policy_collect_stack_trace: boolean;
  policy_collect_attributes: boolean;
}

/** A bearer token's principal, with one indexed lookup (the Authenticator remembers it). */
export async function principalForToken(sql: Sql, token: string, hash = hashToken(token)): Promise<Principal | null> {
  if (token.startsWith(DEVICE_TOKEN_PREFIX)) {
    const [row] = await sql.query<DeviceRow>(DEVICE_BY_TOKEN, [hash]);
    if (!row) return null;
    return {
      kind: 'device',
      id: row.id,
      role: Role.DEVICE,
      policy: {
        enabled: row.policy_enabled,
        minSeverity: row.policy_min_severity,
        maxReportsPerHour: row.policy_max_reports_per_hour,
        collectStackTrace: row.policy_collect_stack_trace,
        collectAttributes: row.policy_collect_attributes,
      },
    };
  }
  const [row] = await sql.query<{ id: string; role: UserRole; vendor_id: string | null }>(USER_BY_TOKEN, [hash]);
  return row ? { kind: 'user', id: row.id, role: row.role, vendorId: row.vendor_id } : null;
}
