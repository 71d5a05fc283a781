import type { Query } from '../db/sql';

/**
 * Reports per signature per minute and per hour (table signature_counter): what rates are read from
 * (SPIKE alert rules, sparklines) without re-reading reports. Ingest adds to them in its statement;
 * merge and unmerge rebuild them from the reports (RECOUNT in breakdown.sql.ts). A bucket holds the
 * reports *received* in it, by the database's clock, like fault_report.received_at.
 *
 * Minute rows serve windows up to a day and are kept two days; hour rows serve longer windows and
 * the week-long baseline before a window, and are kept 15 days (a 7-day window, the 7 days before it
 * and one to spare). Older rows are pruned (PRUNE_COUNTERS).
 */
export const COUNTER_GRAINS = [
  { span: 1, unit: 'minute', keepDays: 2 },
  { span: 60, unit: 'hour', keepDays: 15 },
] as const;

/** The longest window minute rows serve; longer windows are summed from hour rows. */
export const MINUTE_WINDOW_MAX = 1440;

/** COUNTER_GRAINS as rows to join with: grain.span, grain.unit, grain.keep_days. */
const GRAINS = `(VALUES ${COUNTER_GRAINS.map((g) => `(${g.span}::smallint, '${g.unit}', ${g.keepDays})`).join(', ')}) AS grain(span, unit, keep_days)`;

/**
 * The ingest statement's upsert: `relation` has (signature_id, reports), one row per signature, of
 * reports received now. Rows in signature order, as every upsert of ingest, so that concurrent
 * statements lock in one order.
 */
export const countReports = (relation: string) => `
  INSERT INTO signature_counter (signature_id, span_minutes, bucket, reports)
  SELECT c.signature_id, grain.span, date_trunc(grain.unit, now(), 'UTC'), c.reports
    FROM ${relation} c CROSS JOIN ${GRAINS}
   ORDER BY 1, 2
  ON CONFLICT (signature_id, span_minutes, bucket) DO UPDATE SET reports = signature_counter.reports + excluded.reports`;

/** $1 signature ids: their counters rebuilt from their reports within the retention. */
export const RECOUNT_COUNTERS: Query[] = [
  { name: 'recount_clear_counters', text: `DELETE FROM signature_counter WHERE signature_id = ANY($1::uuid[])` },
  {
    name: 'recount_counters',
    text: `INSERT INTO signature_counter (signature_id, span_minutes, bucket, reports)
           SELECT r.signature_id, grain.span, date_trunc(grain.unit, r.received_at, 'UTC'), count(*)
             FROM fault_report r CROSS JOIN ${GRAINS}
            WHERE r.signature_id = ANY($1::uuid[]) AND r.received_at >= date_trunc(grain.unit, now() - make_interval(days => grain.keep_days), 'UTC')
            GROUP BY 1, 2, 3`,
  },
];

/**
 * Counter rows past their grain's retention, at most $1 per statement (short, however much piled
 * up): run until it deletes fewer. It reads the table (no index on bucket, which ingest would pay
 * for), so it runs rarely (the alert evaluator, hourly).
 */
export const PRUNE_COUNTERS: Query = {
  name: 'prune_counters',
  text: `DELETE FROM signature_counter WHERE ctid IN (
           SELECT ctid FROM signature_counter
            WHERE bucket < now() - interval '${Math.min(...COUNTER_GRAINS.map((g) => g.keepDays))} days'
              AND (${COUNTER_GRAINS.map((g) => `(span_minutes = ${g.span} AND bucket < now() - interval '${g.keepDays} days')`).join(' OR ')})
            LIMIT $1)
         RETURNING 1`,
};

/**
 * The grain and the bucket count that cover a window of `minutes` ending now: minute rows up to a
 * day (the current, partial minute and the whole minutes before it), hour rows beyond.
 */
export function windowGrain(minutes: number): { span: number; buckets: number } {
  return minutes <= MINUTE_WINDOW_MAX ? { span: 1, buckets: minutes } : { span: 60, buckets: Math.ceil(minutes / 60) };
}
