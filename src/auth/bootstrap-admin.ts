import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../config/logger';
import type { Authenticator } from './authenticator';
import { generateToken, hashToken, USER_TOKEN_PREFIX } from './token';
import { User } from './user.entity';

export const BOOTSTRAP_ADMIN_EMAIL = 'admin@faultbase.local';

/**
 * Makes sure the operator can get in: FAULTBASE_ADMIN_TOKEN (when set) becomes the bootstrap admin's
 * token; otherwise the first start generates one and prints it once. Several processes starting
 * together race on the unique email; the loser simply finds the winner's row.
 */
export async function ensureBootstrapAdmin(
  em: EntityManager,
  authenticator: Authenticator,
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
        authenticator.revoked({ kind: 'user', id: existing.id });
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
