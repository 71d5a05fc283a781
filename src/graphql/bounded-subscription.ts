import { GraphQLRefusals } from './errors';

export const subscriberTooSlow = (limit: number) =>
  GraphQLRefusals.refuse(
    'SUBSCRIBER_TOO_SLOW',
    `This subscription fell more than ${limit} events behind and was ended; subscribe again to resume.`,
    { limit },
  );

/**
 * Reads `source` eagerly into a queue of at most `limit` events that the subscriber drains at its
 * own pace. graphql-ws waits for each message to be written to the socket, so a slow client would
 * otherwise back events up into the shared event target (and a Repeater overflow there would hit
 * every subscriber). Past the limit the subscription ends with SUBSCRIBER_TOO_SLOW: ingest and other
 * subscribers never wait for it, and it never holds more than `limit` events.
 */
export function boundedSubscription<T>(source: AsyncIterable<T>, limit: number): AsyncIterableIterator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const queue: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | null = null;
  let failWaiting: ((err: unknown) => void) | null = null;
  let failure: unknown = null;
  let done = false;

  /** Answers a waiting next() when there is something to answer with. */
  const settle = () => {
    if (!waiting || (!queue.length && !failure && !done)) return;
    const [resolve, reject] = [waiting, failWaiting!];
    waiting = failWaiting = null;
    if (queue.length) resolve({ value: queue.shift()!, done: false });
    else if (failure) reject(failure);
    else resolve({ value: undefined, done: true });
  };

  void (async () => {
    try {
      for (let r = await iterator.next(); !r.done && !done; r = await iterator.next()) {
        if (queue.length >= limit) {
          queue.length = 0;
          failure = subscriberTooSlow(limit);
          break;
        }
        queue.push(r.value);
        settle();
      }
    } catch (err) {
      failure = err;
    }
    done = true;
    await iterator.return?.();
    settle();
  })();

  return {
    next: () =>
      new Promise<IteratorResult<T>>((resolve, reject) => {
        waiting = resolve;
        failWaiting = reject;
        settle();
      }),
    async return() {
      done = true;
      queue.length = 0;
      await iterator.return?.();
      settle();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
