import DataLoader from 'dataloader';
import { QueryOrder } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { groupedBy } from '../graphql/loaders';
import { WebhookAttempt } from './webhook-delivery.entity';

/** The attempts each delivery made, newest first, the last 50 of each. */
export function webhookAttemptsLoader(em: EntityManager) {
  return new DataLoader<string, WebhookAttempt[]>(async (ids) => {
    const attempts = await em.find(WebhookAttempt, { delivery: { $in: [...ids] } }, { orderBy: { attemptedAt: QueryOrder.DESC, id: QueryOrder.DESC } });
    return groupedBy(ids, attempts, (a) => a.delivery.id).map((list) => list.slice(0, 50));
  });
}
