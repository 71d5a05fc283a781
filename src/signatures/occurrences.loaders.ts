import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { groupBy } from '../db/first-rows';
import { COUNTER_GRAINS } from './counter.sql';
import type { OccurrenceBucket } from './occurrence.type';
import { BUCKET_SIZES, type BucketRange } from './occurrences.service';

export interface OccurrencesKey {
  signatureId: string;
  range: BucketRange;
}

const rangeKey = (r: BucketRange) => `${r.size}:${r.first.toISOString()}:${r.count}`;

/**
 * Where a range's counts come from: the hour counters ingest keeps (counter.sql.ts) while the
 * range lies within their retention, so a list's sparklines cost a few rows per signature however
 * busy it is; older ranges count the reports over the index (signature_id, received_at, id).
 */
function countsSource(first: Date): string {
  const hours = COUNTER_GRAINS.find((g) => g.span === 60)!;
  // A day's margin: the prune runs hourly, and the range may start before the current hour.
  const keptFrom = Date.now() - (hours.keepDays - 1) * 86_400_000;
  return first.getTime() >= keptFrom
    ? `SELECT signature_id, bucket AS at, reports FROM signature_counter WHERE span_minutes = 60 AND signature_id IN (?) AND bucket >= ? AND bucket < ?`
    : `SELECT signature_id, received_at AS at, 1 AS reports FROM fault_report WHERE signature_id IN (?) AND received_at >= ? AND received_at < ?`;
}

/**
 * Occurrences of every signature asked for in a request, one statement per distinct range: counts
 * per bucket by date_trunc + GROUP BY (countsSource), then generate_series puts a zero in every
 * empty bucket. Buckets step by fixed seconds, not calendar days, so the session's time zone
 * (daylight saving) cannot shift them off midnight UTC.
 */
export function occurrencesLoader(em: EntityManager) {
  const keyOf = (k: OccurrencesKey) => `${k.signatureId}:${rangeKey(k.range)}`;
  return new DataLoader<OccurrencesKey, OccurrenceBucket[], string>(
    async (keys) => {
      const results = new Map<string, OccurrenceBucket[]>();
      for (const group of groupBy(keys, (k) => rangeKey(k.range))) {
        const { size, first, count } = group[0]!.range;
        const { unit, ms } = BUCKET_SIZES[size];
        const ids = [...new Set(group.map((k) => k.signatureId))];
        const last = new Date(first.getTime() + (count - 1) * ms);
        const end = new Date(first.getTime() + count * ms);
        const rows: { signature_id: string; reports: number }[] = await em.getConnection().execute(
          `SELECT s.id AS signature_id, coalesce(c.reports, 0)::int AS reports
             FROM unnest(array[?]::uuid[]) AS s(id)
            CROSS JOIN generate_series(?::timestamptz, ?::timestamptz, ?::interval) AS b(start)
             LEFT JOIN (SELECT signature_id, date_trunc(?, at, 'UTC') AS start, sum(reports) AS reports
                          FROM (${countsSource(first)}) counts
                         GROUP BY 1, 2) c ON c.signature_id = s.id AND c.start = b.start
            ORDER BY s.id, b.start`,
          [ids, first, last, `${ms / 1000} seconds`, unit, ids, first, end],
        );
        for (const [signatureId, buckets] of bucketsBySignature(rows, first.getTime(), ms)) {
          results.set(`${signatureId}:${rangeKey(group[0]!.range)}`, buckets);
        }
      }
      return keys.map((k) => results.get(keyOf(k)) ?? []);
    },
    { cacheKeyFn: keyOf },
  );
}

/** Rows come per signature in bucket order, one per bucket: the i-th is the bucket at first + i. */
function bucketsBySignature(rows: { signature_id: string; reports: number }[], first: number, ms: number) {
  const out = new Map<string, OccurrenceBucket[]>();
  for (const row of rows) {
    const list = out.get(row.signature_id) ?? [];
    list.push({ start: new Date(first + list.length * ms), count: row.reports });
    out.set(row.signature_id, list);
  }
  return out;
}
