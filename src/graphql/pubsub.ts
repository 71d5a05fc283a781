import { createPubSub, type PubSub } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import Redis from 'ioredis';
import type { Logger } from '../config/logger';

/** A report as it crosses the bus: plain JSON in the storage entity's shape (dates as ISO strings). */
export interface FaultReportedEvent {
  id: string;
  clientReportId: string;
  occurredAt: string;
  receivedAt: string;
  errorCode: string;
  severity: string;
  applicationName: string;
  applicationVersion: string;
  applicationType: string | null;
  applicationVendor: string | null;
  runtimeName: string | null;
  runtimeVersion: string | null;
  exceptionType: string | null;
  message: string | null;
  stackTrace: string | null;
  frames: unknown[];
  attributes: Record<string, unknown> | null;
  device: { id: string };
  signature: { id: string };
}

export type SignatureEventKindName = 'CREATED' | 'UPDATED' | 'REGRESSED' | 'ESCALATED' | 'RESOLVED' | 'MERGED';

export interface SignatureChangedEvent {
  kind: SignatureEventKindName;
  signatureId: string;
}

/** A principal whose token stopped working: every process closes its open subscriptions. */
/** A device or user whose token was revoked, or whose settings behind the token changed. */
export interface PrincipalEvent {
  kind: 'device' | 'user';
  id: string;
}

/** The typed map of topics, used by publishers and subscribers alike. */
export type Topics = {
  FAULT_REPORTED: [FaultReportedEvent];
  SIGNATURE_CHANGED: [SignatureChangedEvent];
  PRINCIPAL_REVOKED: [PrincipalEvent];
  /** A device's reporting policy changed: every process forgets the principal it remembered. */
  PRINCIPAL_CHANGED: [PrincipalEvent];
  /** Grouping rules were added, changed or removed: every process reloads them. */
  GROUPING_RULES_CHANGED: [{ at: string }];
};

export const Topic = {
  FAULT_REPORTED: 'FAULT_REPORTED',
  SIGNATURE_CHANGED: 'SIGNATURE_CHANGED',
  PRINCIPAL_REVOKED: 'PRINCIPAL_REVOKED',
  PRINCIPAL_CHANGED: 'PRINCIPAL_CHANGED',
  GROUPING_RULES_CHANGED: 'GROUPING_RULES_CHANGED',
} as const;

export interface EventBus {
  pubSub: PubSub<Topics>;
  close(): Promise<void>;
}

/**
 * One bus for every event: in-process without REDIS_URL, Redis with it, so that an event published
 * by one server process reaches subscribers on all of them exactly once (each process hears Redis,
 * nobody delivers locally as well).
 */
export async function createEventBus(
  redisUrl: string | undefined,
  channelPrefix: string,
  logger: Logger,
): Promise<EventBus> {
  if (!redisUrl) return { pubSub: createPubSub<Topics>(), close: async () => undefined };
  const options = { lazyConnect: false, maxRetriesPerRequest: null } as const;
  const publishClient = new Redis(redisUrl, options);
  const subscribeClient = new Redis(redisUrl, options);
  for (const [name, client] of [['publish', publishClient], ['subscribe', subscribeClient]] as const) {
    client.on('error', (err: Error) => logger.warn({ err, client: name }, 'redis connection error'));
  }
  const eventTarget = prefixed(createRedisEventTarget({ publishClient, subscribeClient }), channelPrefix);
  // Hold every channel for the process's lifetime and wait until Redis confirms it, so a client's
  // subscription is live as soon as graphql-ws accepts it (no per-subscription SUBSCRIBE race).
  const topics = Object.values(Topic);
  for (const topic of topics) eventTarget.addEventListener(topic, () => undefined);
  await subscribeClient.subscribe(...topics.map((topic) => channelPrefix + topic));
  return {
    pubSub: createPubSub<Topics>({ eventTarget: eventTarget as never }),
    async close() {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
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

/** `faultbase:<host>:<port>/<database>:` of a PostgreSQL URL. */
export function channelPrefixFor(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `faultbase:${url.hostname}:${url.port || 5432}${url.pathname}:`;
}
