import type { EntityManager, QueryOrderMap } from '@mikro-orm/postgresql';
import { isId } from '../db/ids';
import { buildTitle, CURRENT_GROUPING_CONFIG, getGroupingConfig } from './grouping';
import { paginate, type PageArgs } from '../graphql/connection';
import { OrderDirection, SignatureOrderField, type SignatureFilter, type SignatureOrder } from './signature.input';
import { FaultSignature } from './signature.entity';
import { signatureWhere } from './signature-filter';

const ORDER_COLUMN = {
  [SignatureOrderField.LAST_SEEN]: 'lastSeenAt',
  [SignatureOrderField.FIRST_SEEN]: 'firstSeenAt',
  [SignatureOrderField.REPORT_COUNT]: 'reportCount',
  [SignatureOrderField.DEVICE_COUNT]: 'deviceCount',
} as const;

export function listSignatures(
  em: EntityManager,
  filter: SignatureFilter | undefined,
  order: SignatureOrder | undefined,
  page: PageArgs,
) {
  const direction = order?.direction === OrderDirection.ASC ? 'asc' : 'desc';
  const column = ORDER_COLUMN[order?.field ?? SignatureOrderField.LAST_SEEN];
  // The id ends every order so that ties (equal counts, equal times) still page deterministically.
  const orderBy = { [column]: direction, id: direction } as QueryOrderMap<FaultSignature>;
  return paginate(em, FaultSignature, signatureWhere(filter), orderBy, page);
}

/**
 * The title a device is shown: what failed and where, never message text. A signature's stored
 * title may quote the normalised message of the report that opened it, which can be another
 * device's (grouping rules and merges put different messages in one signature).
 */
export function titleForDevices(signature: FaultSignature): string {
  const { maxTitleLength } = getGroupingConfig(signature.groupingConfig) ?? CURRENT_GROUPING_CONFIG;
  return buildTitle(signature.errorCode, signature.exceptionType ?? null, signature.frames[0] ?? null, null, maxTitleLength);
}

export function signatureById(em: EntityManager, id: string): Promise<FaultSignature | null> {
  return isId(id) ? em.findOne(FaultSignature, id) : Promise.resolve(null);
}
