import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { firstRowsPerParent } from '../db/first-rows';
import { toConnection, type ConnectionShape } from '../graphql/connection';
import { SignatureActivity } from './signature-activity.entity';
import { ACTIVITY_ORDER } from './signature-activity.service';

const ACTIVITY_OF_SIGNATURE = { entity: SignatureActivity, parent: 'signature', order: ACTIVITY_ORDER } as const;

export interface ActivityKey {
  signatureId: string;
  first: number;
}

/** The first page of activity of every signature in a request: two statements (entries, counts). */
export function signatureActivityLoader(em: EntityManager) {
  const keyOf = (k: ActivityKey) => `${k.signatureId}:${k.first}`;
  return new DataLoader<ActivityKey, ConnectionShape<SignatureActivity>, string>(
    async (keys) => {
      const ids = [...new Set(keys.map((k) => k.signatureId))];
      const rows = await firstRowsPerParent(em, ACTIVITY_OF_SIGNATURE, ids, Math.max(...keys.map((k) => k.first)) + 1);
      const counts: { signature_id: string; entries: number }[] = await em.getConnection().execute(
        `SELECT signature_id, count(*)::int AS entries FROM signature_activity WHERE signature_id IN (?) GROUP BY signature_id`,
        [ids],
      );
      const totals = new Map(counts.map((c) => [c.signature_id, c.entries]));
      return keys.map((k) => {
        const entries = (rows.get(k.signatureId) ?? []).slice(0, k.first + 1).map((row) => em.map(SignatureActivity, row));
        return toConnection(entries, k.first, ACTIVITY_ORDER, totals.get(k.signatureId) ?? 0);
      });
    },
    { cacheKeyFn: keyOf },
  );
}
