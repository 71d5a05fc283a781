import type { EntityManager, FilterQuery, QueryOrderMap } from '@mikro-orm/postgresql';
import type { Equalities } from '../db/first-rows';
import { isId } from '../db/ids';
import { paginate, type PageArgs } from '../graphql/connection';
import { notADeviceId } from './report.errors';
import type { FaultSignature } from '../signatures/signature.entity';
import { BreakdownDimension } from '../signatures/signature.type';
import type { FaultReportFilter } from './report-filter.input';
import { FaultReport } from './report.entity';

/** Newest first; the id breaks ties. Matches the index (signature_id, received_at, id). */
export const REPORT_ORDER = { receivedAt: 'desc', id: 'desc' } as const satisfies QueryOrderMap<FaultReport>;

/**
 * A report filter checked and reduced to what it asks, as properties of FaultReport that must equal
 * values: the one mapping from the API's filter to reports, which the ORM (paginate) and the batch
 * loader's SQL (firstRowsPerParent) both take. Null when it asks nothing.
 */
export interface ReportCriteria extends Equalities<FaultReport> {
  device?: string;
  applicationVersion?: string;
}

export function reportCriteria(filter: FaultReportFilter | null | undefined): ReportCriteria | null {
  if (!filter?.deviceId && !filter?.applicationVersion) return null;
  if (filter.deviceId && !isId(filter.deviceId)) throw notADeviceId();
  return {
    ...(filter.deviceId ? { device: filter.deviceId } : {}),
    ...(filter.applicationVersion ? { applicationVersion: filter.applicationVersion } : {}),
  };
}

/** Stable text of criteria, for grouping loader keys. */
export const criteriaKey = (c: ReportCriteria | null) => (c ? JSON.stringify(c) : '');

/** Pages a signature's reports after a cursor; the first page of a list comes from the batch loader. */
export function listReportsOfSignature(
  em: EntityManager,
  signature: FaultSignature,
  criteria: ReportCriteria | null,
  page: PageArgs,
) {
  const where = (): FilterQuery<FaultReport> => ({ signature: signature.id, ...(criteria as FilterQuery<FaultReport> & object) });
  const totalCount = async () =>
    criteria ? ((await reportTotals(em, [signature.id], criteria)).get(signature.id) ?? 0) : signature.reportCount;
  return paginate(em, FaultReport, where, REPORT_ORDER, page, { totalCount });
}

/**
 * How many reports of each signature match the criteria, from the breakdown rows ingest keeps
 * (one APPLICATION_VERSION row per signature, version and device, counting its reports), so a
 * total costs rows per device, never per report.
 */
export async function reportTotals(
  em: EntityManager,
  signatureIds: readonly string[],
  criteria: ReportCriteria,
): Promise<Map<string, number>> {
  const conditions = ['signature_id IN (?)', `dimension = '${BreakdownDimension.APPLICATION_VERSION}'`];
  const params: unknown[] = [[...signatureIds]];
  if (criteria.applicationVersion) {
    conditions.push('value = ?');
    params.push(criteria.applicationVersion);
  }
  if (criteria.device) {
    conditions.push('device_id = ?');
    params.push(criteria.device);
  }
  const rows: { signature_id: string; reports: number }[] = await em.getConnection().execute(
    `SELECT signature_id, sum(report_count)::int AS reports FROM signature_breakdown
      WHERE ${conditions.join(' AND ')} GROUP BY signature_id`,
    params,
  );
  return new Map(rows.map((r) => [r.signature_id, r.reports]));
}
