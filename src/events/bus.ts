import { createPubSub, type PubSub } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import Redis from 'ioredis';
import type { Logger } from '../config/logger';
import type { Topic } from './topics';

/** Publishes an event to every subscriber of its topic, in every process (after the change committed). */
export interface Publisher {
  publish<P>(topic: Topic<P>, payload: P): void;
}

export interface EventBus extends Publisher {
  subscribe<P>(topic: Topic<P>): AsyncIterableIterator<P>;
  /** The underlying pub/sub, for type-graphql's @Subscription resolvers. */
  pubSub: PubSub<Record<string, [unknown]>>;
  close(): Promise<void>;
}

/**
 * One bus for every event: in-process without REDIS_URL, Redis with it, so that an event published
 * by one server process reaches subscribers on all of them exactly once (each process hears Redis,
 * nobody delivers locally as well). `topics` are all the names the domains declared: the process
 * holds a Redis subscription to each for its lifetime.
 */
export async function createEventBus(
  redisUrl: string | undefined,
  channelPrefix: string,
  topics: readonly string[],
  logger: Logger,
): Promise<EventBus> {
  if (!redisUrl) return bus(createPubSub(), async () => undefined);
  const options = { lazyConnect: false, maxRetriesPerRequest: null } as const;
  const publishClient = new Redis(redisUrl, options);
  const subscribeClient = new Redis(redisUrl, options);
  for (const [name, client] of [['publish', publishClient], ['subscribe', subscribeClient]] as const) {
    client.on('error', (err: Error) => logger.warn({ err, client: name }, 'redis connection error'));
  }
  const eventTarget = prefixed(createRedisEventTarget({ publishClient, subscribeClient }), channelPrefix);
  // Hold every channel for the process's lifetime and wait until Redis confirms it, so a client's
  // subscription is live as soon as graphql-ws accepts it (no per-subscription SUBSCRIBE race).
  for (const topic of topics) eventTarget.addEventListener(topic, () => undefined);
  await subscribeClient.subscribe(...topics.map((topic) => channelPrefix + topic));
  return bus(createPubSub({ eventTarget: eventTarget as never }), async () => {
    await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
  });
}

function bus(pubSub: PubSub<Record<string, [unknown]>>, close: () => Promise<void>): EventBus {
  return {
    pubSub,
    publish: (topic, payload) => pubSub.publish(topic, payload),
    subscribe: <P>(topic: Topic<P>) => pubSub.subscribe(topic) as AsyncIterableIterator<P>,
    close,
  };
}

/**
 * Channels are named after the database the processes share, so servers of different databases
 * on one Redis never hear each other.
 */
function prefixed(target: EventTarget, prefix: string): EventTarget {
  return {
    addEventListener: (type, listener, options) => target.addEventListener(prefix + type, listener, options),
    removeEventListener: (type, listener, options) => target.removeEventListener(prefix + type, listener, options),
    dispatchEvent: (event) =>
      target.dispatchEvent(new CustomEvent(prefix + event.type, { detail: (event as CustomEvent).detail })),
  };
}

/** `faultbase:<host>:<port>/<database>:` of a PostgreSQL URL. */
export function channelPrefixFor(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `faultbase:${url.hostname}:${url.port || 5432}${url.pathname}:`;
}

/**
 * `work` done once per event in this process, however many subscribers receive it: the bus hands
 * every subscriber of a process the same event object (one dispatch in memory, one JSON.parse of a
 * Redis message), so the result is kept with that object and forgotten with it.
 */
export function oncePerEvent<E extends object, A extends unknown[], R>(
  work: (event: E, ...args: A) => Promise<R>,
): (event: E, ...args: A) => Promise<R> {
  const done = new WeakMap<E, Promise<R>>();
  return (event, ...args) => {
    let result = done.get(event);
    if (!result) {
      result = work(event, ...args);
      done.set(event, result);
    }
    return result;
  };
}
