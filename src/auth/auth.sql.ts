import type { Query } from '../db/sql';

export const DEVICE_BY_TOKEN: Query = {
  name: 'auth_device_by_token',
  text: `SELECT id, policy_enabled, policy_min_severity, policy_max_reports_per_hour,
                policy_collect_stack_trace, policy_collect_attributes
           FROM device WHERE token_hash = $1 AND status = 'ACTIVE'`,
};

export const USER_BY_TOKEN: Query = {
  name: 'auth_user_by_token',
  text: `SELECT id, role, vendor_id FROM app_user WHERE token_hash = $1 AND revoked_at IS NULL`,
};
