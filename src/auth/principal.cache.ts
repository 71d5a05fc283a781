import type { PubSub } from '@graphql-yoga/subscription';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../config/logger';
import type { Sql } from '../db/sql';
import { Topic, type PrincipalEvent, type Topics } from '../graphql/pubsub';
import { principalForToken } from './auth.service';
import type { AuthThrottle } from './auth-throttle';
import type { Principal } from './principal';
import { hashToken } from './token';

/**
 * Token → principal, remembered for a short while so that a device sending a burst of reports (or
 * a console polling) is not looked up in the database on every request: on the embedded database
 * the lookup costs more than an empty GraphQL operation.
 *
 * Revocation and policy changes still take effect at once: the process making the change drops
 * the entry before it answers, and every other process drops it when the event reaches it over the
 * bus (milliseconds). `ttlMs` bounds staleness should an event be missed (Redis reconnecting);
 * 0 turns the cache off. The embedded database belongs to one process (its lock file), so there
 * the cache is exact.
 */
export class PrincipalResolver {
  private readonly cache: LRUCache<string, Principal> | null;
  /** Raised by every invalidation, so a lookup that raced one does not store what it read. */
  private generation = 0;
  private readonly subscriptions: AsyncIterator<unknown>[] = [];

  constructor(
    private readonly sql: Sql,
    private readonly events: PubSub<Topics>,
    logger: Logger,
    ttlMs: number,
    private readonly throttle: AuthThrottle,
  ) {
    this.cache = ttlMs > 0 ? new LRUCache<string, Principal>({ max: 50_000, ttl: ttlMs }) : null;
    for (const topic of [Topic.PRINCIPAL_REVOKED, Topic.PRINCIPAL_CHANGED] as const) {
      const events = this.events.subscribe(topic);
      this.subscriptions.push(events);
      void (async () => {
        for await (const event of events) this.forget(event);
      })().catch((err: unknown) => logger.error({ err }, 'principal events stopped'));
    }
  }

  /**
   * The token's principal, or null when it names none. `address` is the client's: an address over
   * its failed authentications is refused (RATE_LIMITED) for any token not already known to be
   * valid, before the database is asked.
   */
  async resolve(token: string, address: string): Promise<Principal | null> {
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
    this.events.publish(Topic.PRINCIPAL_REVOKED, event);
  }

  /** The principal's token still works, with new settings (a device's reporting policy). */
  changed(event: PrincipalEvent): void {
    this.forget(event);
    this.events.publish(Topic.PRINCIPAL_CHANGED, event);
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
