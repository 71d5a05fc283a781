import { QueryOrder } from '@mikro-orm/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { Scope } from '../app/context';
import type { Services } from '../app/services';
import type { UserPrincipal } from '../auth/principal';
import { isId, timeOrderedId } from '../db/ids';
import type { Query, Sql } from '../db/sql';
import { writeOutboxEvent, type OutboxEvent, type OutboxType, type RetryPolicy } from '../events/outbox';
import { paginate, type PageArgs } from '../graphql/connection';
import { postWebhook } from '../webhooks/post';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signatureHeader } from '../webhooks/signing';
import { deliveryNotFound } from './notification.errors';
import { NotificationOutbox } from './notification.events';
import { WebhookDelivery } from './webhook-delivery.entity';
import { NotificationChannel, WebhookDeliveryStatus } from './webhook-delivery.enums';
import type { WebhookDeliveryFilter } from './webhook-delivery.type';

/** Where a receiver is now, as its module says: no URL, no secret or not active → nothing is sent. */
export interface WebhookTarget {
  url: string | null;
  secret: string | null;
  /** False when the receiver was disabled (a disabled vendor hears nothing). */
  active: boolean;
}

/** Finds one kind of receiver by id (null: it is gone). */
export type WebhookTargetLookup = (sql: Sql, id: string) => Promise<WebhookTarget | null>;

/** The lookups of every kind of receiver, by kind; the composition root assembles them (services.ts). */
export type WebhookTargets = Readonly<Record<string, WebhookTargetLookup>>;

/**
 * Receivers are other organisations' servers, down for minutes or hours: 15 attempts, doubling from
 * 1 s to at most an hour between them (±50 % jitter), span about three hours before a delivery is
 * FAILED (an admin can retry it after that). The first retries come quickly, for a receiver that
 * blinked. E-mails use it too: an SMTP server that answers 4xx (greylisting, a full queue) or is
 * down is the same case.
 */
export const WEBHOOK_RETRY_POLICY: Partial<RetryPolicy> = { maxAttempts: 15, baseDelayMs: 1000, maxDelayMs: 3_600_000 };

export interface WebhookEvent<D> {
  target: { kind: string; id: string };
  /** The receiver's URL now (for the log; each attempt asks the target again). */
  url: string;
  /** `vendor_ticket.created`, `alert.fired`, … */
  type: string;
  data: D;
}

/** One event for one receiver, as a delivery to queue (queueDeliveries); nothing is written yet. */
export function webhookDelivery<D>(event: WebhookEvent<D>): WebhookDelivery {
  const delivery = new WebhookDelivery();
  Object.assign(delivery, {
    targetKind: event.target.kind,
    targetId: event.target.id,
    eventType: event.type,
    url: event.url,
    body: JSON.stringify({ id: delivery.id, type: event.type, createdAt: delivery.createdAt.toISOString(), data: event.data }),
  });
  return delivery;
}

/**
 * Queues one event for one receiver, inside the caller's transaction (em.transactional): the
 * delivery and the outbox event that attempts it commit with the change they tell of, or neither
 * does. The caller nudges the outbox after the commit; the mutation never waits for the receiver.
 */
export async function enqueueWebhook<D>(em: EntityManager, event: WebhookEvent<D>): Promise<WebhookDelivery> {
  const [delivery] = await queueDeliveries(em, [webhookDelivery(event)]);
  return delivery!;
}

/** The outbox event that attempts a delivery (its first attempt, or an admin's retry), by channel. */
const DUE: Record<NotificationChannel, OutboxType<{ deliveryId: string }>> = {
  [NotificationChannel.WEBHOOK]: NotificationOutbox.WEBHOOK_DUE,
  [NotificationChannel.EMAIL]: NotificationOutbox.EMAIL_DUE,
};

/**
 * Deliveries and the outbox events that attempt them, in the caller's transaction, in two
 * statements however many (an evaluation that fires a rule for a hundred signatures queues them
 * together): the events first, each naming its delivery, whose id is made here, not by the
 * database; then the deliveries, in one batched insert.
 */
export async function queueDeliveries(em: EntityManager, deliveries: WebhookDelivery[]): Promise<WebhookDelivery[]> {
  if (!deliveries.length) return deliveries;
  const events = deliveries.map((d) => ({ type: DUE[d.channel], payload: { deliveryId: d.id } }));
  const rows = await em.getConnection().execute<{ id: string; delivery_id: string }[]>(
    `INSERT INTO outbox_event (type, payload) SELECT e.type, e.payload FROM json_to_recordset(?::json) AS e(type text, payload jsonb)
     RETURNING id, payload->>'deliveryId' AS delivery_id`,
    [JSON.stringify(events)],
    'all',
    em.getTransactionContext(),
  );
  const eventOf = new Map(rows.map((r) => [r.delivery_id, r.id]));
  for (const delivery of deliveries) {
    delivery.outboxEventId = eventOf.get(delivery.id)!;
    em.persist(delivery);
  }
  await em.flush();
  return deliveries;
}

/** Webhooks only: an e-mail's body is not posted anywhere, whatever event names it. */
const LOAD: Query = {
  name: 'webhook_delivery_load',
  text: `SELECT id, target_kind, target_id, body, status FROM webhook_delivery WHERE id = $1 AND channel = 'WEBHOOK'`,
};

const SKIP: Query = {
  name: 'webhook_delivery_skip',
  text: `UPDATE webhook_delivery SET status = 'SKIPPED', last_error = $2 WHERE id = $1 AND status = 'PENDING'`,
};

/**
 * The attempt and its outcome, in one statement: the log never shows an attempt its delivery does
 * not count. Only a PENDING delivery is settled: an attempt that raced an admin's retry cannot turn
 * a delivery that another attempt delivered back into PENDING or FAILED.
 */
const RECORD: Query = {
  name: 'webhook_delivery_record',
  text: `WITH attempt AS (
           INSERT INTO webhook_attempt (id, delivery_id, attempted_at, url, status_code, error, duration_ms)
           VALUES ($2, $1, now(), $3, $4, $5, $6))
         UPDATE webhook_delivery
            SET attempts = attempts + 1, last_attempt_at = now(), url = $3, last_status_code = $4, last_error = $5,
                status = (CASE WHEN $5::text IS NULL THEN 'DELIVERED' WHEN $7 THEN 'FAILED' ELSE 'PENDING' END)::webhook_delivery_status,
                delivered_at = CASE WHEN $5::text IS NULL THEN now() ELSE delivered_at END
          WHERE id = $1 AND status = 'PENDING'`,
};

/** One attempt as the log keeps it: where it went, the receiver's answer (HTTP status or SMTP reply code), why it failed. */
export interface AttemptRecord {
  url: string;
  statusCode: number | null;
  /** Null: delivered. */
  error: string | null;
  durationMs: number;
}

/**
 * Logs an attempt of any channel and settles its delivery: DELIVERED without an error, FAILED with
 * one when `final` (the outbox's last attempt, or a refusal for good), else still PENDING.
 */
export async function recordAttempt(sql: Sql, deliveryId: string, attempt: AttemptRecord, final: boolean): Promise<void> {
  const error = attempt.error?.slice(0, 1000) ?? null;
  await sql.query(RECORD, [deliveryId, timeOrderedId(), attempt.url, attempt.statusCode, error, attempt.durationMs, final]);
}

interface LoadedDelivery {
  [key: string]: unknown;
  id: string;
  target_kind: string;
  target_id: string;
  body: string;
  status: WebhookDeliveryStatus;
}

/**
 * The outbox reaction: one attempt of one delivery. A failed attempt throws, so that the outbox
 * schedules the next one with the webhook policy; the last one marks the delivery FAILED. An event
 * of a delivery that is no longer PENDING (delivered by an earlier run, skipped) does nothing.
 */
export async function attemptDelivery(event: OutboxEvent, services: Services): Promise<void> {
  const { deliveryId } = event.payload as { deliveryId: string };
  const { sql, config, webhookTargets } = services;
  const [delivery] = await sql.query<LoadedDelivery>(LOAD, [deliveryId]);
  if (!delivery || delivery.status !== WebhookDeliveryStatus.PENDING) return;
  const target = await webhookTargets[delivery.target_kind]?.(sql, delivery.target_id);
  const notSent = !target ? 'the receiver no longer exists' : !target.active ? 'the receiver is disabled' : !target.url ? 'the receiver has no webhook URL' : !target.secret ? 'the receiver has no webhook secret' : null;
  if (notSent) {
    await sql.query(SKIP, [delivery.id, notSent]);
    return;
  }
  const headers = { [DELIVERY_HEADER]: delivery.id, [SIGNATURE_HEADER]: signatureHeader(target!.secret!, delivery.body) };
  const result = await postWebhook(target!.url!, delivery.body, headers, { allowPrivate: config.webhookAllowPrivate, timeoutMs: config.webhookTimeoutMs });
  const error = result.error?.slice(0, 1000) ?? null;
  await recordAttempt(sql, delivery.id, { url: target!.url!, statusCode: result.statusCode, error, durationMs: result.durationMs }, event.final);
  if (error) throw new Error(`webhook delivery ${delivery.id} to ${target!.url}: ${error}`);
}

/** Newest first. */
const DELIVERY_ORDER = { createdAt: QueryOrder.DESC, id: QueryOrder.DESC } as const;

export function listDeliveries(em: EntityManager, filter: WebhookDeliveryFilter | undefined, page: PageArgs) {
  const where = (): FilterQuery<WebhookDelivery> => ({
    ...(filter?.channel ? { channel: filter.channel } : {}),
    ...(filter?.status ? { status: filter.status } : {}),
    ...(filter?.targetKind ? { targetKind: filter.targetKind } : {}),
    ...(filter?.targetId ? { targetId: filter.targetId } : {}),
    ...(filter?.eventType ? { eventType: filter.eventType } : {}),
  });
  return paginate(em, WebhookDelivery, where, DELIVERY_ORDER, page);
}

/** The deliveries to some receivers of one kind (an alert rule's channels), newest first. */
export function listDeliveriesTo(em: EntityManager, targetKind: string, targetIds: readonly string[], page: PageArgs) {
  return paginate(em, WebhookDelivery, () => ({ targetKind, targetId: { $in: [...targetIds] } }), DELIVERY_ORDER, page);
}

export async function deliveryById(em: EntityManager, id: string): Promise<WebhookDelivery> {
  const delivery = isId(id) ? await em.findOne(WebhookDelivery, id) : null;
  if (!delivery) throw deliveryNotFound(id);
  return delivery;
}

/**
 * An admin's retry (webhooks and e-mails alike): a PENDING delivery is attempted now instead of at its next retry; any other
 * (FAILED, SKIPPED, or DELIVERED to send it again) becomes PENDING with a new outbox event, its
 * attempts counted on. The body is the same: the receiver sees the same delivery id again.
 */
export async function retryDelivery({ em, services }: Scope<UserPrincipal>, id: string): Promise<WebhookDelivery> {
  const delivery = await em.transactional(async (tx) => {
    const delivery = await deliveryById(tx, id);
    if (delivery.status === WebhookDeliveryStatus.PENDING && delivery.outboxEventId) {
      const brought = await tx.getConnection().execute<{ id: string }[]>(
        `UPDATE outbox_event SET available_at = now() WHERE id = ? AND status = 'PENDING' RETURNING id`,
        [delivery.outboxEventId],
        'all',
        tx.getTransactionContext(),
      );
      if (brought.length) return delivery;
    }
    delivery.status = WebhookDeliveryStatus.PENDING;
    delivery.outboxEventId = await writeOutboxEvent(tx, DUE[delivery.channel], { deliveryId: delivery.id });
    return delivery;
  });
  services.outbox.nudge();
  return delivery;
}
