import { runtimeLabel } from '../devices/device.sql';
import { RECOUNT_COUNTERS } from './counter.sql';
import { BreakdownDimension } from './signature.type';

/** Column expressions a report's breakdown values come from, in the statement that uses them. */
export interface BreakdownSources {
  applicationVersion: string;
  model: string;
  firmware: string;
  runtime: string;
}

/**
 * The breakdown dimensions of one report, as rows (dimension, value) to CROSS JOIN LATERAL: the
 * rule ingest counts by and a recount rebuilds by, written once. Model and firmware are the
 * device's; the runtime is the report's when it names one, else the device's.
 */
export const breakdownValues = (s: BreakdownSources) =>
  `(VALUES ('${BreakdownDimension.APPLICATION_VERSION}', ${s.applicationVersion}),
           ('${BreakdownDimension.MODEL}', ${s.model}),
           ('${BreakdownDimension.FIRMWARE}', ${s.firmware}),
           ('${BreakdownDimension.RUNTIME}', ${s.runtime})) AS breakdown(dimension, value)`;

/**
 * Counts, devices, breakdowns and counters of signatures recomputed from their reports, as ingest would have
 * kept them (model and firmware as the devices report them now). $1: the signatures' ids. Used by
 * merge and unmerge, and by the seed tool for a database it filled with reports directly.
 */
export const RECOUNT = [
  ...RECOUNT_COUNTERS,
  { name: 'recount_clear_devices', text: `DELETE FROM signature_device WHERE signature_id = ANY($1::uuid[])` },
  { name: 'recount_clear_breakdown', text: `DELETE FROM signature_breakdown WHERE signature_id = ANY($1::uuid[])` },
  {
    name: 'recount_devices',
    // The application version of a pair is that of its latest report, as ingest keeps it.
    text: `INSERT INTO signature_device (signature_id, device_id, report_count, first_seen_at, last_seen_at,
                                         application_version, application_version_key)
           SELECT signature_id, device_id, count(*), min(least(occurred_at, received_at)), max(least(occurred_at, received_at)),
                  (array_agg(application_version ORDER BY least(occurred_at, received_at) DESC))[1],
                  (array_agg(application_version_key ORDER BY least(occurred_at, received_at) DESC))[1]
             FROM fault_report WHERE signature_id = ANY($1::uuid[]) GROUP BY signature_id, device_id`,
  },
  {
    name: 'recount_breakdown',
    text: `INSERT INTO signature_breakdown (signature_id, dimension, value, device_id, report_count)
           SELECT r.signature_id, breakdown.dimension, breakdown.value, r.device_id, count(*)
             FROM fault_report r JOIN device d ON d.id = r.device_id
             CROSS JOIN LATERAL ${breakdownValues({
               applicationVersion: 'r.application_version',
               model: 'd.model',
               firmware: 'd.firmware_version',
               runtime: `coalesce(${runtimeLabel('r.runtime_name', 'r.runtime_version')}, ${runtimeLabel('d.runtime_name', 'd.runtime_version')})`,
             })}
            WHERE r.signature_id = ANY($1::uuid[]) AND breakdown.value IS NOT NULL
            GROUP BY 1, 2, 3, 4`,
  },
  {
    name: 'recount_signature',
    text: `UPDATE fault_signature s SET
             report_count = coalesce(c.reports, 0),
             device_count = (SELECT count(*) FROM signature_device WHERE signature_id = s.id),
             first_seen_at = coalesce(c.first_seen, s.first_seen_at),
             last_seen_at = coalesce(c.last_seen, s.last_seen_at)
           FROM (SELECT id FROM unnest($1::uuid[]) AS id) ids
           LEFT JOIN (SELECT signature_id, count(*) AS reports, min(least(occurred_at, received_at)) AS first_seen,
                             max(least(occurred_at, received_at)) AS last_seen
                        FROM fault_report WHERE signature_id = ANY($1::uuid[]) GROUP BY signature_id) c ON c.signature_id = ids.id
           WHERE s.id = ids.id`,
  },
] as const;
