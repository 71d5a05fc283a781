import type { EntityManager } from '@mikro-orm/postgresql';
import { paginate, type PageArgs } from '../graphql/connection';
import { FaultReport } from './report.entity';

export function listReportsOfSignature(em: EntityManager, signatureId: string, page: PageArgs) {
  return paginate(em, FaultReport, { signature: signatureId }, { receivedAt: 'desc', id: 'desc' }, page);
}
