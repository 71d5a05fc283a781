import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../config/logger';
import type { Query, Sql } from '../db/sql';
import { withStatementCount, type StatementCount } from '../db/statement-count';
import type { Topic } from './topics';

/**
 * The transactional outbox: a reaction that must not be lost ("a new signature → alert rules",
 * "a ticket changed → the vendor's webhook") is a row written in the same transaction, or the same
 * statement, as the change it reacts to, so it exists exactly when the change committed. A
 * dispatcher in every server process runs the rows' handlers: at least once (handlers are
 * idempotent by event id), retried with exponential backoff and jitter, dead after a bounded
 * number of attempts, and never by two processes at once (rows are claimed with
 * FOR UPDATE SKIP LOCKED and a lease; a row claimed by a process that died is claimed again
 * when its lease runs out). Live subscription events stay on the bus: fast, after commit, best
 * effort; the outbox is for reactions, one row per state change that needs one, never per report.
 */

/** An outbox event's type, typed by its payload; a domain declares its types with defineTopics. */
export type OutboxType<P> = Topic<P>;

export interface OutboxEvent<P = unknown> {
  id: string;
  type: string;
  payload: P;
  /** Including this one. */
  attempts: number;
  /** This is the last attempt: if the handler fails now, the event is DEAD (a handler may record that). */
  final: boolean;
  createdAt: Date;
}

/** A reaction to one type of event; it may run more than once for one event (use `event.id` to deduplicate). */
export type OutboxHandler = (event: OutboxEvent) => Promise<void>;

/** The statement that writes one event: run it in the transaction of the change (SqlPool's `tx`). */
export const INSERT_OUTBOX_EVENT: Query = {
  name: 'outbox_insert',
  text: `INSERT INTO outbox_event (type, payload) VALUES ($1, $2::jsonb)`,
};

export const outboxEventParams = <P>(type: OutboxType<P>, payload: P): unknown[] => [type, JSON.stringify(payload)];

/** Writes one event in the EntityManager's transaction (inside `em.transactional`); its id. */
export async function writeOutboxEvent<P>(em: EntityManager, type: OutboxType<P>, payload: P): Promise<string> {
  const [row] = await em.getConnection().execute<{ id: string }[]>(
    `INSERT INTO outbox_event (type, payload) VALUES (?, ?::jsonb) RETURNING id`,
    [type, JSON.stringify(payload)],
    'all',
    em.getTransactionContext(),
  );
  return row!.id;
}

/**
 * A fragment for a statement that writes events for rows it produced (a data-modifying CTE):
 * `INSERT INTO outbox_event … SELECT type, <payload> FROM <rows>`; arguments are SQL of ours.
 */
export const insertOutboxEventsFrom = <P>(type: OutboxType<P>, payloadSql: string, fromSql: string) =>
  `INSERT INTO outbox_event (type, payload) SELECT '${type}', ${payloadSql} FROM ${fromSql}`;

const CLAIM: Query = {
  name: 'outbox_claim',
  text: `UPDATE outbox_event e
            SET locked_until = now() + make_interval(secs => $2::double precision / 1000), locked_by = $3, attempts = e.attempts + 1
          WHERE e.id IN (SELECT id FROM outbox_event
                          WHERE status = 'PENDING' AND available_at <= now() AND (locked_until IS NULL OR locked_until < now())
                          ORDER BY available_at LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING e.id, e.type, e.payload, e.attempts, e.created_at`,
};

/** Only the claim that holds the row may settle it: a claim whose lease ran out changes nothing. */
const DONE: Query = {
  name: 'outbox_done',
  text: `UPDATE outbox_event SET status = 'DONE', done_at = now(), locked_until = NULL
          WHERE id = $1 AND locked_by = $2 AND status = 'PENDING'`,
};

const FAILED: Query = {
  name: 'outbox_failed',
  text: `UPDATE outbox_event
            SET status = CASE WHEN attempts >= $4 THEN 'DEAD' ELSE 'PENDING' END,
                available_at = now() + make_interval(secs => $3::double precision / 1000),
                locked_until = NULL, last_error = $5
          WHERE id = $1 AND locked_by = $2 AND status = 'PENDING'`,
};

/** A dead event back to pending, its attempts counted from zero again (its last error kept until it runs). */
export const RETRY_DEAD: Query = {
  name: 'outbox_retry_dead',
  text: `UPDATE outbox_event SET status = 'PENDING', attempts = 0, available_at = now(), locked_until = NULL, locked_by = NULL
          WHERE id = $1 AND status = 'DEAD' RETURNING *`,
};

const PURGE_DONE: Query = {
  name: 'outbox_purge',
  text: `DELETE FROM outbox_event WHERE status = 'DONE' AND done_at < now() - make_interval(secs => $1::double precision / 1000)`,
};

/** How an event that failed is tried again; a type may have its own (a webhook waits longer for its receiver). */
export interface RetryPolicy {
  /** After this many failed attempts an event is DEAD (an admin may retry it). */
  maxAttempts: number;
  /** The first retry's delay; each next one doubles, up to maxDelayMs, then ±50 % jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface DispatcherOptions extends RetryPolicy {
  /** How often to look for due events when nothing nudged the dispatcher. */
  pollMs: number;
  /** How long a claim holds an event; a handler running longer may be run again elsewhere. */
  leaseMs: number;
  /** Events claimed at once. */
  batch: number;
  /** How long DONE events are kept (for the admin's view) before they are deleted. */
  keepDoneMs: number;
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  pollMs: 1000,
  leaseMs: 60_000,
  batch: 20,
  maxAttempts: 10,
  baseDelayMs: 1000,
  maxDelayMs: 600_000,
  keepDoneMs: 7 * 86_400_000,
};

/** The delay before attempt `attempts + 1`: exponential, capped, with jitter so retries of many events spread. */
export function retryDelayMs(attempts: number, { baseDelayMs, maxDelayMs }: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>): number {
  const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (0.5 + Math.random()));
}

interface ClaimedRow {
  [key: string]: unknown;
  id: string;
  type: string;
  payload: unknown;
  attempts: number;
  created_at: Date | string;
}

export class OutboxDispatcher {
  private readonly options: DispatcherOptions;
  private readonly worker = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private ticks = 0;

  constructor(
    private readonly sql: Sql,
    private readonly handlers: ReadonlyMap<string, OutboxHandler>,
    private readonly logger: Logger,
    options: Partial<DispatcherOptions> = {},
    /** Retry policies of types that differ from the options' one, by type. */
    private readonly policies: ReadonlyMap<string, Partial<RetryPolicy>> = new Map(),
  ) {
    this.options = { ...DEFAULT_DISPATCHER_OPTIONS, ...options };
  }

  private policyOf(type: string): RetryPolicy {
    return { ...this.options, ...this.policies.get(type) };
  }

  start(): void {
    this.stopped = false;
    this.nudge();
  }

  /**
   * Look for due events now (after this process wrote one, or an admin retried one). The work runs
   * in the dispatcher's own async context, not in that of the request that nudged it (whose
   * statement count, for one, it is not part of).
   */
  readonly nudge: () => void = AsyncResource.bind(() => this.dispatchSoon());

  private dispatchSoon(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.tick().finally(() => {
      this.running = null;
      if (this.stopped) return;
      if (this.again) {
        this.again = false;
        this.dispatchSoon();
      } else this.timer = setTimeout(() => this.dispatchSoon(), this.options.pollMs);
    });
  }

  /** Stops claiming; waits up to `graceMs` for the events in hand (the rest are claimed again after their lease). */
  async stop(graceMs = 5000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) await Promise.race([this.running, new Promise((r) => setTimeout(r, graceMs).unref())]);
  }

  private async tick(): Promise<void> {
    try {
      if (++this.ticks % 600 === 1) await this.sql.query(PURGE_DONE, [this.options.keepDoneMs]);
      const claim = `${this.worker}:${randomUUID().slice(0, 8)}`;
      const rows = await this.sql.query<ClaimedRow>(CLAIM, [this.options.batch, this.options.leaseMs, claim]);
      await Promise.all(rows.map((row) => this.run(row, claim)));
      // A full batch means more may be due: go on without waiting for the next poll.
      if (rows.length === this.options.batch) this.again = true;
    } catch (err) {
      this.logger.warn({ err }, 'outbox dispatch failed; trying again at the next poll');
    }
  }

  private async run(row: ClaimedRow, claim: string): Promise<void> {
    const policy = this.policyOf(row.type);
    const event: OutboxEvent = {
      id: row.id,
      type: row.type,
      payload: row.payload,
      attempts: row.attempts,
      final: row.attempts >= policy.maxAttempts,
      createdAt: new Date(row.created_at),
    };
    const handler = this.handlers.get(event.type);
    try {
      // An event nothing reacts to (yet) is done: it was kept for the reactions that may come.
      if (handler) {
        // What a reaction cost, in its log line: a fan-out to a fleet must stay a few set-based
        // statements that bring back next to nothing (the tests read these figures).
        const work: StatementCount = { statements: 0, rows: 0 };
        const started = performance.now();
        await withStatementCount(() => handler(event), work);
        const ms = Math.round(performance.now() - started);
        this.logger.info({ event: { id: event.id, type: event.type, attempts: event.attempts }, statements: work.statements, rowsRead: work.rows, ms }, 'outbox event handled');
      }
      await this.sql.query(DONE, [event.id, claim]);
    } catch (err) {
      const delay = retryDelayMs(event.attempts, policy);
      const dead = event.final;
      this.logger.warn({ err, event: { id: event.id, type: event.type, attempts: event.attempts }, dead }, 'outbox handler failed');
      const message = err instanceof Error ? err.message : String(err);
      await this.sql.query(FAILED, [event.id, claim, delay, policy.maxAttempts, message.slice(0, 2000)]);
    }
  }
}
