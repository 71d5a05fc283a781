import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../config/logger';
import type { Sql } from '../db/sql';
import type { Severity } from '../reports/severity';
import { DEVICE_BY_TOKEN, USER_BY_TOKEN } from './auth.sql';
import type { Principal } from './principal';
import type { PrincipalResolver } from './principal.cache';
import { UserRole } from './roles';
import { DEVICE_TOKEN_PREFIX, generateToken, hashToken, USER_TOKEN_PREFIX } from './token';
import { User } from './user.entity';

interface DeviceRow {
  [key: string]: unknown;
  id: string;
  policy_enabled: boolean;
  policy_min_severity: Severity;
  policy_max_reports_per_hour: number;
  policy_collect_stack_trace: boolean;
  policy_collect_attributes: boolean;
}

/** Resolves a bearer token to its principal with one indexed lookup (PrincipalResolver caches it). */
export async function principalForToken(sql: Sql, token: string, hash = hashToken(token)): Promise<Principal | null> {
  if (token.startsWith(DEVICE_TOKEN_PREFIX)) {
    const [row] = await sql.query<DeviceRow>(DEVICE_BY_TOKEN, [hash]);
    if (!row) return null;
    return {
      kind: 'device',
      id: row.id,
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

export const BOOTSTRAP_ADMIN_EMAIL = 'admin@faultbase.local';

/**
 * Makes sure the operator can get in: FAULTBASE_ADMIN_TOKEN (when set) becomes the bootstrap admin's
 * token; otherwise the first start generates one and prints it once. Several processes starting
 * together race on the unique email; the loser simply finds the winner's row.
 */
export async function ensureBootstrapAdmin(
  em: EntityManager,
  principals: PrincipalResolver,
  adminToken: string | undefined,
  logger: Logger,
) {
  const existing = await em.findOne(User, { bootstrap: true });
  if (adminToken) {
    const tokenHash = hashToken(adminToken);
    if (existing) {
      if (existing.tokenHash !== tokenHash) {
        existing.tokenHash = tokenHash;
        existing.revokedAt = undefined;
        await em.flush();
        // Processes already running must stop accepting the previous admin token.
        principals.revoked({ kind: 'user', id: existing.id });
      }
      return;
    }
    await insertBootstrapAdmin(em, tokenHash);
    logger.info('bootstrap admin token taken from FAULTBASE_ADMIN_TOKEN');
    return;
  }
  if (existing) return;
  const token = generateToken(USER_TOKEN_PREFIX);
  if (await insertBootstrapAdmin(em, hashToken(token))) {
    // Printed once, on stdout, outside the JSON log stream so it is easy to copy.
    process.stdout.write(
      `\n  faultbase: generated the admin token (shown only this once; set FAULTBASE_ADMIN_TOKEN to choose your own):\n\n    ${token}\n\n`,
    );
  }
}

async function insertBootstrapAdmin(em: EntityManager, tokenHash: string): Promise<boolean> {
  const rows = await em.getConnection().execute(
    `INSERT INTO app_user (id, email, name, role, token_hash, bootstrap)
     VALUES (gen_random_uuid(), ?, 'Administrator', 'ADMIN', ?, true)
     ON CONFLICT (email) DO NOTHING RETURNING id`,
    [BOOTSTRAP_ADMIN_EMAIL, tokenHash],
  );
  return rows.length > 0;
}
