import { LockMode, QueryOrder } from '@mikro-orm/core';
import type { EntityManager, QueryOrderMap } from '@mikro-orm/postgresql';
import { paginate, type PageArgs } from '../graphql/connection';
import type { Scope } from '../app/context';
import type { Services } from '../app/services';
import type { DevicePrincipal } from '../auth/principal';
import { isId } from '../db/ids';
import type { OutboxEvent } from '../events/outbox';
import { DELIVERY_TRANSITIONS, FAILURE_CODES, mayMove, RESULT_CODES, SUCCESS } from './delivery-workflow';
import { ResolutionDelivery, ResolutionDeliveryEvent, Resolution } from './resolution.entity';
import { DeliveryState, ResolutionStatus } from './resolution.enums';
import { deliveryMoveRefused, deliveryNotFound, resultCodeInvalid, resultCodeUnknown } from './resolution.errors';
import { ResolutionTopics } from './resolution.events';
import type { ResolutionOutcomeInput } from './resolution.input';
import { snapshotOf } from './resolution.service';
import { ANSWER_MERGE_TARGET, FAN_OUT, FAN_OUT_BATCH, LINK_MERGED } from './resolution.sql';

/**
 * The device reports where it is with a resolution it was offered. The move must be one the
 * workflow allows (delivery-workflow.ts) with a result code that fits it; an exact repeat of the
 * current step is answered without recording it again, the same step with a new message records
 * the message; every move is kept in the history.
 */
export async function reportOutcome({ em, caller }: Scope<DevicePrincipal>, resolutionId: string, input: ResolutionOutcomeInput) {
  const resultCode = resultCodeFor(input);
  return em.transactional(async (tx) => {
    // FOR UPDATE: two reports of one device about one delivery are judged one after the other.
    const delivery = isId(resolutionId)
      ? await tx.findOne(ResolutionDelivery, { resolution: resolutionId, device: caller.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true })
      : null;
    if (!delivery) throw deliveryNotFound(resolutionId);
    const message = input.message ?? null;
    const sameStep = delivery.state === input.state && delivery.resultCode === resultCode;
    // The same step again: a retry (answered as it is), or news about it (a new message, kept).
    if (sameStep && (input.message === undefined || delivery.message === message)) return delivery;
    if (!sameStep && !mayMove(delivery.state, input.state)) throw deliveryMoveRefused(delivery.state, input.state, DELIVERY_TRANSITIONS[delivery.state]);
    const now = new Date();
    Object.assign(delivery, { state: input.state, resultCode, message, updatedAt: now });
    if (input.state === DeliveryState.INSTALLED && !sameStep) delivery.installedAt = now;
    tx.persist(Object.assign(new ResolutionDeliveryEvent(), { delivery, state: input.state, resultCode, message, createdAt: now }));
    return delivery;
  });
}

/** The result code a move carries: 200 for INSTALLED (the default), a known failure for FAILED, none otherwise. */
function resultCodeFor({ state, resultCode }: ResolutionOutcomeInput): number | null {
  if (resultCode != null && !(resultCode in RESULT_CODES)) throw resultCodeUnknown(resultCode, Object.keys(RESULT_CODES).map(Number));
  switch (state) {
    case DeliveryState.INSTALLED:
      if (resultCode != null && resultCode !== SUCCESS) throw resultCodeInvalid(`INSTALLED carries ${SUCCESS}, not ${resultCode}`);
      return SUCCESS;
    case DeliveryState.FAILED:
      if (resultCode == null || !FAILURE_CODES.includes(resultCode)) {
        throw resultCodeInvalid(`FAILED needs the reason as a failure code (${FAILURE_CODES.join(', ')})`);
      }
      return resultCode;
    default:
      if (resultCode != null) throw resultCodeInvalid(`${state} carries no result code`);
      return null;
  }
}

/** Published resolutions the device was offered and has not installed, the newest first. */
export async function pendingResolutions(em: EntityManager, deviceId: string): Promise<Resolution[]> {
  const deliveries = await em.find(
    ResolutionDelivery,
    { device: deviceId, state: { $ne: DeliveryState.INSTALLED }, resolution: { status: ResolutionStatus.PUBLISHED } },
    { populate: ['resolution'], orderBy: { resolution: { publishedAt: QueryOrder.DESC, id: QueryOrder.DESC } } },
  );
  return deliveries.map((d) => d.resolution);
}

/**
 * The outbox's reaction to a publication: offer the resolution to every affected, targeted device,
 * batch after batch of set-based SQL (resolution.sql.ts, FAN_OUT), then tell the connected ones.
 * Idempotent (a device is offered a resolution once), so a retry after a crash goes on where the
 * rows say; devices that hear it twice see the same id.
 */
export async function fanOut(event: OutboxEvent, { sql, bus, logger, orm }: Services): Promise<void> {
  const { resolutionId } = event.payload as { resolutionId: string };
  let after = '00000000-0000-0000-0000-000000000000';
  let offered = 0;
  let batches = 0;
  for (;;) {
    const [row] = await sql.query<{ last_device_id: string | null; candidates: number; offered: number }>(FAN_OUT, [resolutionId, after, FAN_OUT_BATCH]);
    batches += 1;
    offered += row!.offered;
    if (row!.candidates < FAN_OUT_BATCH || !row!.last_device_id) break;
    after = row!.last_device_id;
  }
  const resolution = await orm.em.fork().findOne(Resolution, resolutionId);
  if (resolution?.status === ResolutionStatus.PUBLISHED) bus.publish(ResolutionTopics.RESOLUTION_AVAILABLE, snapshotOf(resolution));
  logger.info({ resolutionId, offered, batches, event: event.id }, 'resolution offered to the affected devices');
}

/** The most recently changed first; the id makes the order total. */
export const DELIVERY_ORDER = { updatedAt: QueryOrder.DESC, id: QueryOrder.DESC } as const satisfies QueryOrderMap<ResolutionDelivery>;

export function listDeliveries(em: EntityManager, resolutionId: string, state: DeliveryState | undefined, page: PageArgs) {
  return paginate(em, ResolutionDelivery, () => ({ resolution: resolutionId, ...(state ? { state } : {}) }), DELIVERY_ORDER, page);
}

/** The outbox's reaction to a merge: the sources' resolutions answer the target too (LINK_MERGED; idempotent). */
export async function followMerge(event: OutboxEvent, { sql, bus }: Services): Promise<void> {
  const { targetId, sourceIds } = event.payload as { targetId: string; sourceIds: string[] };
  await sql.transaction(async (tx) => {
    await tx.query(LINK_MERGED, [targetId, sourceIds]);
    await tx.query(ANSWER_MERGE_TARGET, [targetId, sourceIds]);
  });
  bus.publish(ResolutionTopics.RESOLUTIONS_CHANGED, { at: new Date().toISOString() });
}
