import type { EntityManager, FilterQuery, QueryOrderMap } from '@mikro-orm/postgresql';
import type { Scope } from '../app/context';
import type { UserPrincipal } from '../auth/principal';
import { isId } from '../db/ids';
import { RETRY_DEAD } from '../events/outbox';
import { paginate, type PageArgs } from '../graphql/connection';
import { OutboxEventRow } from './outbox-event.entity';
import { outboxEventNotDead, outboxEventNotFound } from './outbox.errors';
import { OutboxState } from './outbox.type';

/** Newest first. */
export const OUTBOX_ORDER = { createdAt: 'desc', id: 'desc' } as const satisfies QueryOrderMap<OutboxEventRow>;

/** A row's state: its status, with the pending ones that failed before told apart. */
export function stateOf(row: OutboxEventRow): OutboxState {
  if (row.status === 'DONE') return OutboxState.DONE;
  if (row.status === 'DEAD') return OutboxState.DEAD;
  return row.lastError ? OutboxState.RETRYING : OutboxState.PENDING;
}

const WHERE_STATE: Record<OutboxState, FilterQuery<OutboxEventRow>> = {
  [OutboxState.PENDING]: { status: 'PENDING', lastError: null },
  [OutboxState.RETRYING]: { status: 'PENDING', lastError: { $ne: null } },
  [OutboxState.DONE]: { status: 'DONE' },
  [OutboxState.DEAD]: { status: 'DEAD' },
};

export function listOutboxEvents(em: EntityManager, state: OutboxState | undefined, page: PageArgs) {
  return paginate(em, OutboxEventRow, () => (state ? WHERE_STATE[state] : {}), OUTBOX_ORDER, page);
}

export async function outboxSummary(em: EntityManager) {
  const [row] = await em.getConnection().execute<{ pending: number; retrying: number; dead: number; done: number }[]>(
    `SELECT count(*) FILTER (WHERE status = 'PENDING' AND last_error IS NULL)::int AS pending,
            count(*) FILTER (WHERE status = 'PENDING' AND last_error IS NOT NULL)::int AS retrying,
            count(*) FILTER (WHERE status = 'DEAD')::int AS dead,
            count(*) FILTER (WHERE status = 'DONE')::int AS done
       FROM outbox_event`,
  );
  return row!;
}

/** A dead event runs again (its attempts counted from zero), here at once. */
export async function retryOutboxEvent({ em, services }: Scope<UserPrincipal>, id: string): Promise<OutboxEventRow> {
  if (!isId(id)) throw outboxEventNotFound(id);
  const [retried] = await services.sql.query(RETRY_DEAD, [id]);
  if (retried) {
    // Answered as the retry left it: the dispatcher, nudged or polling, may already be running it.
    const row = em.map(OutboxEventRow, retried);
    services.outbox.nudge();
    return row;
  }
  const row = await em.findOne(OutboxEventRow, id, { refresh: true });
  if (!row) throw outboxEventNotFound(id);
  throw outboxEventNotDead(id, stateOf(row));
}
