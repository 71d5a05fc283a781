import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Subscriber<T> {
  events: T[];
  errors: unknown[];
  /** Resolves once `count` events arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  /** Resolves once the subscription ended with an error. */
  waitForError(timeoutMs?: number): Promise<unknown[]>;
  closeCode(): Promise<number>;
  /** Stop reading from the socket (the server's sends then pile up), and start again. */
  pause(): void;
  resume(): void;
  dispose(): Promise<void>;
}

/** A graphql-ws client on the server's /graphql, collecting the data of one subscription. */
export async function subscribe<T = Record<string, any>>(
  url: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Subscriber<T>> {
  let resolveClosed!: (code: number) => void;
  const closed = new Promise<number>((r) => (resolveClosed = r));
  let connected!: () => void;
  const ready = new Promise<void>((r) => (connected = r));
  let socket: WebSocket | undefined;
  class TrackedWebSocket extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      socket = this;
    }
  }
  const client: Client = createClient({
    url: url.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: TrackedWebSocket,
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined, // surfaced through closeCode() instead of console.error
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    on: {
      connected: () => connected(),
      closed: (e) => {
        resolveClosed((e as { code: number }).code);
        connected();
      },
    },
  });
  const events: T[] = [];
  const errors: unknown[] = [];
  let waiters: (() => void)[] = [];
  client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) errors.push(...value.errors);
        if (value.data) events.push(value.data as T);
        waiters.forEach((w) => w());
      },
      error: (err) => {
        errors.push(err);
        waiters.forEach((w) => w());
      },
      complete: () => undefined,
    },
  );
  await ready;
  // The server acknowledged the connection; give the subscribe message a moment to be processed.
  await new Promise((r) => setTimeout(r, 100));
  return {
    events,
    errors,
    closeCode: () => closed,
    pause: () => (socket as unknown as { _socket: { pause(): void } })._socket.pause(),
    resume: () => (socket as unknown as { _socket: { resume(): void } })._socket.resume(),
    waitFor(count, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (events.length >= count) {
            clearTimeout(timer);
            waiters = waiters.filter((w) => w !== check);
            resolve(events);
          }
        };
        const timer = setTimeout(
          () => reject(new Error(`got ${events.length} of ${count} events; errors: ${JSON.stringify(errors)}`)),
          timeoutMs,
        );
        waiters.push(check);
        check();
      });
    },
    waitForError(timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (errors.length) {
            clearTimeout(timer);
            resolve(errors);
          }
        };
        const timer = setTimeout(() => reject(new Error('no error arrived')), timeoutMs);
        waiters.push(check);
        check();
      });
    },
    dispose: () => client.dispose() as Promise<void>,
  };
}
