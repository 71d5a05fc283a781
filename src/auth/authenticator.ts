import { LRUCache } from 'lru-cache';
import type { Logger } from '../config/logger';
import type { Sql } from '../db/sql';
import type { EventBus } from '../events/bus';
import { AuthTopics, type PrincipalEvent } from './auth.events';
import type { AuthThrottle } from './auth-throttle';
import type { Principal } from './principal';
import { hashToken } from './token';
import { principalForToken } from './token-lookup';

/**
 * Turns bearer tokens into principals, for HTTP requests and every WebSocket operation alike.
 *
 * It remembers token → principal for a short while so that a device sending a burst of reports
 * (or a console polling) is not looked up in the database on every request: on the embedded
 * database the lookup costs more than an empty GraphQL operation. Revocation and policy changes
 * still take effect at once: the process making the change drops the entry before it answers,
 * and every other process drops it when the event reaches it over the bus (milliseconds). `ttlMs`
 * bounds staleness should an event be missed (Redis reconnecting); 0 turns the cache off. The
 * embedded database belongs to one process (its lock file), so there the cache is exact.
 *
 * A client address over its failed authentications (AuthThrottle) is refused for any token not
 * already known to be valid, before the database is asked.
 */
export class Authenticator {
  private readonly cache: LRUCache<string, Principal> | null;
  /** Raised by every invalidation, so a lookup that raced one does not store what it read. */
  private generation = 0;
  private readonly subscriptions: AsyncIterator<unknown>[] = [];

  constructor(
    private readonly sql: Sql,
    private readonly events: EventBus,
    private readonly throttle: AuthThrottle,
    ttlMs: number,
    logger: Logger,
  ) {
    this.cache = ttlMs > 0 ? new LRUCache<string, Principal>({ max: 50_000, ttl: ttlMs }) : null;
    for (const topic of [AuthTopics.PRINCIPAL_REVOKED, AuthTopics.PRINCIPAL_CHANGED]) {
      const stream = this.events.subscribe(topic);
      this.subscriptions.push(stream);
      void (async () => {
        for await (const event of stream) this.forget(event);
      })().catch((err: unknown) => logger.error({ err }, 'principal events stopped'));
    }
  }

  /** The token's principal, or null when it names none; RATE_LIMITED while `address` is throttled. */
  async authenticate(token: string, address: string): Promise<Principal | null> {
    const hash = hashToken(token);
    const cached = this.cache?.get(hash);
    if (cached) return cached;
    await this.throttle.check(address);
    const generation = this.generation;
    const principal = await principalForToken(this.sql, token, hash);
    if (!principal) await this.throttle.failed(address);
    else if (generation === this.generation) this.cache?.set(hash, principal);
    return principal;
  }

  /** The principal's token no longer works: here at once, elsewhere when the event arrives. */
  revoked(event: PrincipalEvent): void {
    this.forget(event);
    this.events.publish(AuthTopics.PRINCIPAL_REVOKED, event);
  }

  /** The principal's token still works, with new settings (a device's reporting policy). */
  changed(event: PrincipalEvent): void {
    this.forget(event);
    this.events.publish(AuthTopics.PRINCIPAL_CHANGED, event);
  }

  /** Revocations from every process, for closing open connections. */
  revocations(): AsyncIterableIterator<PrincipalEvent> {
    return this.events.subscribe(AuthTopics.PRINCIPAL_REVOKED);
  }

  async close(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.return?.()));
  }

  private forget({ kind, id }: PrincipalEvent): void {
    this.generation++;
    if (!this.cache) return;
    // Revocations and policy changes are rare; a scan of the bounded cache is cheaper than an index.
    for (const [hash, principal] of this.cache.entries()) {
      if (principal.kind === kind && principal.id === id) this.cache.delete(hash);
    }
  }
}
