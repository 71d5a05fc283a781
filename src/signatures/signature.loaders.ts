import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { BreakdownDimension, BreakdownEntry } from './signature.type';

export interface BreakdownKey {
  signatureId: string;
  dimension: BreakdownDimension;
}

interface BreakdownRow {
  signature_id: string;
  dimension: string;
  value: string;
  report_count: number;
  device_count: number;
}

/**
 * Every breakdown asked for in one request, in one query: report counts summed and devices counted
 * per value in SQL, over rows bounded by the signature's devices, never by its reports.
 */
export function breakdownLoader(em: EntityManager) {
  return new DataLoader<BreakdownKey, BreakdownEntry[], string>(
    async (keys) => {
      // knex expands an array binding into a list: `IN (?)` takes the whole set.
      const rows: BreakdownRow[] = await em.getConnection().execute(
        `SELECT signature_id, dimension, value, sum(report_count)::int AS report_count, count(*)::int AS device_count
           FROM signature_breakdown
          WHERE signature_id IN (?) AND dimension IN (?)
          GROUP BY signature_id, dimension, value
          ORDER BY report_count DESC, value`,
        [[...new Set(keys.map((k) => k.signatureId))], [...new Set(keys.map((k) => k.dimension))]],
      );
      const byKey = new Map<string, BreakdownEntry[]>();
      for (const row of rows) {
        const key = `${row.signature_id}:${row.dimension}`;
        const list = byKey.get(key) ?? [];
        list.push({ value: row.value, reportCount: row.report_count, deviceCount: row.device_count });
        byKey.set(key, list);
      }
      return keys.map((k) => byKey.get(`${k.signatureId}:${k.dimension}`) ?? []);
    },
    { cacheKeyFn: (k) => `${k.signatureId}:${k.dimension}` },
  );
}
