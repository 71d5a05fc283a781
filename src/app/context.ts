import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../auth/principal';
import type { Publisher } from '../events/bus';
import type { CallerContext } from '../graphql/caller';
import { createLoaders, type Loaders } from './modules';
import type { Services } from './services';

/**
 * What a service needs of the request it serves: its own identity map, the caller (narrowed by
 * requireDevice / requireUser), the event publisher and the long-lived services.
 */
export interface Scope<C extends Principal | null = Principal | null> {
  em: EntityManager;
  caller: C;
  events: Publisher;
  services: Services;
}

/** Everything a resolver may use, built once per HTTP request or WebSocket operation. */
export interface Context extends CallerContext, Scope {
  principal: Principal | null;
  loaders: Loaders;
  /**
   * A subscription's context lives as long as the subscription: each event gets a fresh identity
   * map and fresh loaders, or it would be answered with what the first event loaded.
   */
  refreshForEvent(): void;
}

/**
 * The EntityManager fork and the loaders are made on first use: a device's report never touches
 * the ORM, and forking plus a dozen DataLoaders per request is measurable on the ingest path. A
 * class with the getters on its prototype, because Apollo copies the context per operation with
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

  get caller(): Principal | null {
    return this.principal;
  }

  get events(): Publisher {
    return this.services.bus;
  }

  get em(): EntityManager {
    return (this.forked ??= this.services.orm.em.fork());
  }

  get loaders(): Loaders {
    return (this.made ??= createLoaders(this.em));
  }

  refreshForEvent(): void {
    this.em.clear();
    this.made = createLoaders(this.em);
  }
}

export function createContext(services: Services, principal: Principal | null, tokenPresented: boolean): Context {
  return new RequestContext(principal, tokenPresented, services);
}
