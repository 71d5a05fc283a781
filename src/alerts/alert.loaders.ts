import DataLoader from 'dataloader';
import { QueryOrder } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { groupedBy } from '../graphql/loaders';
import { AlertChannel, AlertFiring } from './alert-rule.entity';

/** Each rule's channels, in the order they were given. */
export function alertChannelsLoader(em: EntityManager) {
  return new DataLoader<string, AlertChannel[]>(async (ids) => {
    const channels = await em.find(AlertChannel, { rule: { $in: [...ids] } }, { orderBy: { id: QueryOrder.ASC } });
    return groupedBy(ids, channels, (c) => c.rule.id);
  });
}

/** Each rule's latest firings, newest first (the last 20 of each, read with one statement). */
export function alertFiringsLoader(em: EntityManager) {
  return new DataLoader<string, AlertFiring[]>(async (ids) => {
    const rows: { id: string }[] = await em.getConnection().execute(
      // knex expands an array binding into a list: `IN (?)` takes the whole set.
      `SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY rule_id ORDER BY fired_at DESC, id DESC) AS n
                         FROM alert_firing WHERE rule_id IN (?)) latest
        WHERE n <= 20`,
      [[...ids]],
    );
    const firings = rows.length ? await em.find(AlertFiring, { id: { $in: rows.map((r) => r.id) } }, { orderBy: { firedAt: QueryOrder.DESC, id: QueryOrder.DESC } }) : [];
    return groupedBy(ids, firings, (f) => f.rule.id);
  });
}
