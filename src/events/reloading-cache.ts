import type { Logger } from '../config/logger';
import type { EventBus } from './bus';
import type { Topic } from './topics';

/**
 * A value loaded on demand and kept in memory for the hot path (grouping rules, the answered
 * signatures): a change made anywhere is announced on `topic`, and every process drops its copy
 * when it hears it; `maxAgeMs` bounds staleness should an event be missed (Redis reconnecting).
 * A failed load is not kept: the next caller loads again.
 */
export class ReloadingCache<T> {
  private loaded: Promise<T> | null = null;
  private loadedAt = 0;

  constructor(
    private readonly load: () => Promise<T>,
    events: EventBus,
    topic: Topic<unknown>,
    logger: Logger,
    private readonly maxAgeMs = 30_000,
  ) {
    void (async () => {
      for await (const _ of events.subscribe(topic)) this.invalidate();
    })().catch((err: unknown) => logger.error({ err, topic }, 'cache invalidation events stopped'));
  }

  current(): Promise<T> {
    if (!this.loaded || Date.now() - this.loadedAt > this.maxAgeMs) {
      this.loadedAt = Date.now();
      this.loaded = this.load();
      this.loaded.catch(() => this.invalidate());
    }
    return this.loaded;
  }

  invalidate(): void {
    this.loaded = null;
  }
}
