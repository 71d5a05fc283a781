import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { conflict } from '../graphql/errors';
import type { Vendor } from '../vendors/vendor.entity';
import type { UserRole } from './roles';
import { generateToken, hashToken, USER_TOKEN_PREFIX } from './token';
import { User } from './user.entity';

/** Creates a user with a fresh token; the token is returned once and only its hash is kept. */
export async function createUser(
  em: EntityManager,
  fields: { email: string; name: string; role: UserRole; vendor?: Vendor },
) {
  const token = generateToken(USER_TOKEN_PREFIX);
  const user = new User(fields.email.trim().toLowerCase(), fields.name.trim(), fields.role, hashToken(token));
  user.vendor = fields.vendor;
  try {
    await em.persistAndFlush(user);
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) throw conflict(`A user with e-mail ${user.email} exists.`);
    throw err;
  }
  return { user, token };
}
