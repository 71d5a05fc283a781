import type { Query } from '../db/sql';

/** $1: all involved signature ids. Row locks in id order, so concurrent merges cannot deadlock. */
export const LOCK_SIGNATURES: Query = {
  name: 'merge_lock',
  text: `SELECT id, fingerprint, merged_into_id FROM fault_signature WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
};

/** $1 target, $2 sources: the sources' fingerprints, and those already redirected to them, now lead to the target. */
export const REDIRECT_TO_TARGET: Query = {
  name: 'merge_redirect',
  text: `WITH own AS (
           INSERT INTO fingerprint_redirect (fingerprint, signature_id)
           SELECT fingerprint, $1 FROM fault_signature WHERE id = ANY($2::uuid[])
           ON CONFLICT (fingerprint) DO UPDATE SET signature_id = excluded.signature_id
         )
         UPDATE fingerprint_redirect SET signature_id = $1 WHERE signature_id = ANY($2::uuid[])`,
};

export const MOVE_REPORTS: Query = {
  name: 'merge_move_reports',
  text: `UPDATE fault_report SET signature_id = $1 WHERE signature_id = ANY($2::uuid[])`,
};

export const MARK_MERGED: Query = {
  name: 'merge_mark',
  text: `UPDATE fault_signature SET merged_into_id = $1 WHERE id = ANY($2::uuid[])`,
};

/** $1 a signature: it and every signature merged into it, directly or through others. */
export const FINGERPRINTS_OF_TREE: Query = {
  name: 'unmerge_tree',
  text: `WITH RECURSIVE tree AS (
           SELECT id, fingerprint FROM fault_signature WHERE id = $1
           UNION ALL
           SELECT s.id, s.fingerprint FROM fault_signature s JOIN tree t ON s.merged_into_id = t.id
         )
         SELECT fingerprint FROM tree`,
};

/** $1 source, $2 its own fingerprint, $3 the fingerprints of its tree, $4 the target. */
export const UNMERGE: Query = {
  name: 'unmerge',
  text: `WITH gone AS (DELETE FROM fingerprint_redirect WHERE fingerprint = $2),
         back AS (UPDATE fingerprint_redirect SET signature_id = $1 WHERE fingerprint = ANY($3::text[]) AND fingerprint <> $2),
         moved AS (UPDATE fault_report SET signature_id = $1 WHERE signature_id = $4 AND fingerprint = ANY($3::text[]))
         UPDATE fault_signature SET merged_into_id = NULL WHERE id = $1`,
};

/**
 * Counts, devices and breakdowns of one signature recomputed from its reports, as ingest would
 * have kept them (model and firmware as the devices report them now).
 */
export const RECOUNT: Query[] = [
  { name: 'recount_clear_devices', text: `DELETE FROM signature_device WHERE signature_id = $1` },
  { name: 'recount_clear_breakdown', text: `DELETE FROM signature_breakdown WHERE signature_id = $1` },
  {
    name: 'recount_devices',
    text: `INSERT INTO signature_device (signature_id, device_id, report_count, first_seen_at, last_seen_at)
           SELECT $1, device_id, count(*), min(least(occurred_at, received_at)), max(least(occurred_at, received_at))
             FROM fault_report WHERE signature_id = $1 GROUP BY device_id`,
  },
  {
    name: 'recount_breakdown',
    text: `INSERT INTO signature_breakdown (signature_id, dimension, value, device_id, report_count)
           SELECT $1, v.dimension, v.value, r.device_id, count(*)
             FROM fault_report r JOIN device d ON d.id = r.device_id
             CROSS JOIN LATERAL (VALUES
               ('APPLICATION_VERSION', r.application_version),
               ('MODEL', d.model),
               ('FIRMWARE', d.firmware_version),
               ('RUNTIME', coalesce(nullif(concat_ws(' ', r.runtime_name, r.runtime_version), ''),
                                    nullif(concat_ws(' ', d.runtime_name, d.runtime_version), '')))
             ) AS v(dimension, value)
            WHERE r.signature_id = $1 AND v.value IS NOT NULL
            GROUP BY v.dimension, v.value, r.device_id`,
  },
  {
    name: 'recount_signature',
    text: `UPDATE fault_signature s SET
             report_count = c.reports,
             device_count = (SELECT count(*) FROM signature_device WHERE signature_id = $1),
             first_seen_at = coalesce(c.first_seen, s.first_seen_at),
             last_seen_at = coalesce(c.last_seen, s.last_seen_at)
           FROM (SELECT count(*) AS reports, min(least(occurred_at, received_at)) AS first_seen,
                        max(least(occurred_at, received_at)) AS last_seen
                   FROM fault_report WHERE signature_id = $1) c
           WHERE s.id = $1`,
  },
];
