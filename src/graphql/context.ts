import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal, DevicePrincipal, UserPrincipal } from '../auth/principal';
import type { Services } from '../services';
import { createLoaders, type Loaders } from './loaders';
import { forbidden, unauthenticated } from './errors';

/** Everything a resolver may use, built once per HTTP request or WebSocket operation. */
export interface Context {
  principal: Principal | null;
  /** Whether a token was presented at all (to tell "no token" from "bad token" in the error). */
  tokenPresented: boolean;
  /** A fork of the ORM's EntityManager: its own identity map for this request. */
  em: EntityManager;
  services: Services;
  loaders: Loaders;
}

/**
 * The EntityManager fork and the loaders are made on first use: a device's report never touches
 * the ORM, and forking plus ten DataLoaders per request is measurable on the ingest path. A class
 * with the getters on its prototype, because Apollo copies the context per operation with
 * `Object.assign(Object.create(prototype), context)`, which would call getters defined on the
 * object itself (and copy their results); plain fields (not #private ones) survive that copy.
 */
class RequestContext implements Context {
  private forked: EntityManager | undefined;
  private made: Loaders | undefined;

  constructor(
    readonly principal: Principal | null,
    readonly tokenPresented: boolean,
    readonly services: Services,
  ) {}

  get em(): EntityManager {
    return (this.forked ??= this.services.orm.em.fork());
  }

  get loaders(): Loaders {
    return (this.made ??= createLoaders(this.em));
  }

  set loaders(fresh: Loaders) {
    this.made = fresh;
  }
}

export function createContext(services: Services, principal: Principal | null, tokenPresented: boolean): Context {
  return new RequestContext(principal, tokenPresented, services);
}

export function requireDevice(ctx: Context): DevicePrincipal {
  if (ctx.principal?.kind !== 'device') throw forbidden('Only a device can do this.');
  return ctx.principal;
}

export function requireUser(ctx: Context): UserPrincipal {
  if (ctx.principal?.kind !== 'user') {
    throw ctx.principal ? forbidden('Only a user can do this.') : unauthenticated();
  }
  return ctx.principal;
}

/**
 * A subscription's context lives as long as the subscription. Each event gets a fresh identity map
 * and fresh loaders, or it would be answered with what the first event loaded.
 */
export function refreshForEvent(ctx: Context): void {
  ctx.em.clear();
  ctx.loaders = createLoaders(ctx.em);
}
