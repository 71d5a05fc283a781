import { QueryOrder, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { Scope } from '../app/context';
import { isId } from '../db/ids';
import { paginate, type PageArgs } from '../graphql/connection';
import { cannotRevokeSelf, emailTaken, userNotFound } from './auth.errors';
import type { UserPrincipal } from './principal';
import type { Vendor } from '../vendors/vendor.entity';
import type { UserRole } from './roles';
import { generateToken, hashToken, USER_TOKEN_PREFIX } from './token';
import { User } from './user.entity';
import type { UserFilter } from './user.input';

/** Creates a user with a fresh token; the token is returned once and only its hash is kept. */
export async function createUser(
  { em }: Scope<UserPrincipal>,
  fields: { email: string; name: string; role: UserRole; vendor?: Vendor },
) {
  const token = generateToken(USER_TOKEN_PREFIX);
  const user = new User(fields.email.trim().toLowerCase(), fields.name.trim(), fields.role, hashToken(token));
  user.vendor = fields.vendor;
  try {
    await em.persistAndFlush(user);
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) throw emailTaken(user.email);
    throw err;
  }
  return { user, token };
}

/** The user's token stops working at once, here and in every process (open subscriptions close). */
export async function revokeUser(scope: Scope<UserPrincipal>, id: string) {
  if (id === scope.caller.id) throw cannotRevokeSelf();
  const user = isId(id) ? await scope.em.findOne(User, id) : null;
  if (!user) throw userNotFound(id);
  return revokeUserToken(scope, user);
}

/**
 * Marks the user revoked (the first time) and makes every process forget them. Announced again
 * when already revoked: should a process have died between the commit and the announcement,
 * repeating the call finishes the job.
 */
export async function revokeUserToken({ em, services }: Scope<UserPrincipal>, user: User) {
  if (!user.revokedAt) {
    user.revokedAt = new Date();
    await em.flush();
  }
  services.authenticator.revoked({ kind: 'user', id: user.id });
  return user;
}

/**
 * Gives the user a new token, returned once; the previous one stops working at once in every
 * process, and the user's open connections close (they reconnect with the new token).
 */
export async function replaceUserToken({ em, services }: Scope<UserPrincipal>, user: User) {
  const token = generateToken(USER_TOKEN_PREFIX);
  user.tokenHash = hashToken(token);
  await em.flush();
  services.authenticator.revoked({ kind: 'user', id: user.id });
  return { user, token };
}

const USER_ORDER = { createdAt: QueryOrder.DESC, id: QueryOrder.DESC } as const;

/** Users, newest first, revoked ones too unless the filter says otherwise. */
export function listUsers(em: EntityManager, filter: UserFilter | undefined, page: PageArgs) {
  const where = (): FilterQuery<User> => ({
    ...(filter?.roles?.length ? { role: { $in: filter.roles } } : {}),
    ...(filter?.revoked === true ? { revokedAt: { $ne: null } } : {}),
    ...(filter?.revoked === false ? { revokedAt: null } : {}),
  });
  return paginate(em, User, where, USER_ORDER, page);
}
