import type { Context, Scope } from '../app/context';
import { unauthenticated } from '../graphql/errors';
import { devicesOnly, usersOnly } from './auth.errors';
import type { DevicePrincipal, UserPrincipal } from './principal';

/** The request's scope, with its caller known to be a device (FORBIDDEN otherwise). */
export function requireDevice(ctx: Context): Scope<DevicePrincipal> {
  if (ctx.principal?.kind !== 'device') throw ctx.principal ? devicesOnly() : unauthenticated();
  return ctx as Scope<DevicePrincipal>;
}

/** The request's scope, with its caller known to be a user (UNAUTHENTICATED or FORBIDDEN otherwise). */
export function requireUser(ctx: Context): Scope<UserPrincipal> {
  if (ctx.principal?.kind !== 'user') {
    throw ctx.principal ? usersOnly() : unauthenticated();
  }
  return ctx as Scope<UserPrincipal>;
}
