import type { EntityManager, QueryOrderMap } from '@mikro-orm/postgresql';
import { paginate, type PageArgs } from '../graphql/connection';
import { SignatureActivity } from './signature-activity.entity';

/** Newest first; matches the index (signature_id, created_at, id). */
export const ACTIVITY_ORDER = { createdAt: 'desc', id: 'desc' } as const satisfies QueryOrderMap<SignatureActivity>;

/** A signature's activity after a cursor; first pages come from the batch loader. */
export function listActivity(em: EntityManager, signatureId: string, page: PageArgs) {
  return paginate(em, SignatureActivity, () => ({ signature: signatureId }), ACTIVITY_ORDER, page);
}
