import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { firstRowsPerParent, groupBy } from '../db/first-rows';
import { toConnection, type ConnectionShape } from '../graphql/connection';
import type { FaultSignature } from '../signatures/signature.entity';
import { FaultReport } from './report.entity';
import { criteriaKey, REPORT_ORDER, reportTotals, type ReportCriteria } from './report.service';

export interface SignatureReportsKey {
  signature: FaultSignature;
  /** The page size, already checked. */
  first: number;
  criteria: ReportCriteria | null;
}

const REPORTS_OF_SIGNATURE = { entity: FaultReport, parent: 'signature', order: REPORT_ORDER } as const;
const REPORTS_OF_DEVICE = { entity: FaultReport, parent: 'device', order: REPORT_ORDER } as const;

const keyOf = (k: SignatureReportsKey) => `${k.signature.id}:${k.first}:${criteriaKey(k.criteria)}`;

/**
 * The first page of reports of every signature in a request: one statement per distinct filter
 * (usually one), however many signatures and page sizes. `sample` (first: 1) and `reports(first: 3)`
 * share it: each filter's rows are read once with the largest page size and cut per key.
 * totalCount is the signature's reportCount when unfiltered, else one more statement (reportTotals).
 */
export function signatureReportsLoader(em: EntityManager) {
  return new DataLoader<SignatureReportsKey, ConnectionShape<FaultReport>, string>(
    async (keys) => {
      const pages = new Map<string, ConnectionShape<FaultReport>>();
      for (const group of groupBy(keys, (k) => criteriaKey(k.criteria))) {
        const criteria = group[0]!.criteria;
        const ids = [...new Set(group.map((k) => k.signature.id))];
        const limit = Math.max(...group.map((k) => k.first)) + 1;
        const rows = await firstRowsPerParent(em, REPORTS_OF_SIGNATURE, ids, limit, criteria ?? {});
        const totals = criteria ? await reportTotals(em, ids, criteria) : null;
        for (const key of group) {
          const reports = (rows.get(key.signature.id) ?? []).slice(0, key.first + 1).map((row) => em.map(FaultReport, row));
          const total = totals ? (totals.get(key.signature.id) ?? 0) : key.signature.reportCount;
          pages.set(keyOf(key), toConnection(reports, key.first, REPORT_ORDER, total));
        }
      }
      return keys.map((k) => pages.get(keyOf(k))!);
    },
    { cacheKeyFn: keyOf },
  );
}

export interface DeviceReportsKey {
  deviceId: string;
  first: number;
}

/** A device's most recent reports, for a page of devices in one statement. */
export function deviceReportsLoader(em: EntityManager) {
  return new DataLoader<DeviceReportsKey, FaultReport[], string>(
    async (keys) => {
      const ids = [...new Set(keys.map((k) => k.deviceId))];
      const rows = await firstRowsPerParent(em, REPORTS_OF_DEVICE, ids, Math.max(...keys.map((k) => k.first)));
      return keys.map((k) => (rows.get(k.deviceId) ?? []).slice(0, k.first).map((row) => em.map(FaultReport, row)));
    },
    { cacheKeyFn: (k) => `${k.deviceId}:${k.first}` },
  );
}
