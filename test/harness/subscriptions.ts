import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

export interface Subscription<T> {
  /** The data of every `next` message. */
  events: T[];
  /** Every `next` message whole (data, errors, extensions). */
  results: FormattedExecutionResult<T, Record<string, unknown>>[];
  errors: unknown[];
  /** Resolves once `count` events arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  /** Resolves once the operation ended with an error. */
  waitForError(timeoutMs?: number): Promise<unknown[]>;
  /** Resolves when the server completes the operation (after its result, or after an error). */
  ended: Promise<void>;
  /** Tells the server to stop this operation. */
  unsubscribe(): void;
}

export interface Socket {
  /** Whether the server accepted the connection (false: it closed it at once, see closeCode). */
  acknowledged: boolean;
  /** Starts an operation on this connection (several may run at once). */
  subscribe<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Subscription<T>;
  /** The close code, once the connection closes. */
  closeCode(): Promise<number>;
  /** Stop reading from the socket (the server's sends then pile up), and start again. */
  pause(): void;
  resume(): void;
  dispose(): Promise<void>;
}

/** A graphql-ws connection to the server's /graphql; resolves once the server acknowledged (or closed) it. */
export async function openSocket(url: string, token: string | null, { localAddress }: { localAddress?: string } = {}): Promise<Socket> {
  let resolveClosed!: (code: number) => void;
  const closed = new Promise<number>((r) => (resolveClosed = r));
  let connected!: (acknowledged: boolean) => void;
  const ready = new Promise<boolean>((r) => (connected = r));
  let socket: WebSocket | undefined;
  class TrackedWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, localAddress ? { localAddress } : {});
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
      connected: () => connected(true),
      closed: (e) => {
        resolveClosed((e as { code: number }).code);
        connected(false);
      },
    },
  });
  const acknowledged = await ready;
  return {
    acknowledged,
    subscribe: (query, variables = {}) => track(client, query, variables),
    closeCode: () => closed,
    pause: () => (socket as unknown as { _socket: { pause(): void } })._socket.pause(),
    resume: () => (socket as unknown as { _socket: { resume(): void } })._socket.resume(),
    dispose: () => client.dispose() as Promise<void>,
  };
}

function track<T>(client: Client, query: string, variables: Record<string, unknown>): Subscription<T> {
  const events: T[] = [];
  const results: FormattedExecutionResult<T, Record<string, unknown>>[] = [];
  const errors: unknown[] = [];
  let waiters: (() => void)[] = [];
  let end!: () => void;
  const ended = new Promise<void>((r) => (end = r));
  const wake = () => waiters.forEach((w) => w());
  const unsubscribe = client.subscribe<T, Record<string, unknown>>(
    { query, variables },
    {
      next: (value) => {
        results.push(value);
        if (value.errors) errors.push(...value.errors);
        if (value.data) events.push(value.data as T);
        wake();
      },
      error: (err) => {
        errors.push(...(Array.isArray(err) ? err : [err]));
        wake();
        end();
      },
      complete: () => end(),
    },
  );
  const waitUntil = <R>(done: () => boolean, value: () => R, timeoutMs: number, what: () => string) =>
    new Promise<R>((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        waiters = waiters.filter((w) => w !== check);
        resolve(value());
      };
      const timer = setTimeout(() => reject(new Error(what())), timeoutMs);
      waiters.push(check);
      check();
    });
  return {
    events,
    results,
    errors,
    ended,
    unsubscribe,
    waitFor: (count, timeoutMs = 15_000) =>
      waitUntil(() => events.length >= count, () => events, timeoutMs, () => `got ${events.length} of ${count} events; errors: ${JSON.stringify(errors)}`),
    waitForError: (timeoutMs = 15_000) => waitUntil(() => errors.length > 0, () => errors, timeoutMs, () => 'no error arrived'),
  };
}

export interface Subscriber<T> extends Subscription<T>, Omit<Socket, 'subscribe' | 'acknowledged'> {}

/** One connection with one subscription, as most tests need. */
export async function subscribe<T = Record<string, any>>(
  url: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Subscriber<T>> {
  const socket = await openSocket(url, token);
  const subscription = socket.subscribe<T>(query, variables);
  // The server acknowledged the connection; give the subscribe message a moment to be processed.
  await new Promise((r) => setTimeout(r, 100));
  return { ...subscription, closeCode: socket.closeCode, pause: socket.pause, resume: socket.resume, dispose: socket.dispose };
}
