import type { Query } from '../db/sql';
import { insertOutboxEventsFrom } from '../events/outbox';
import { SignatureActivityKind } from '../signatures/signature-activity-kind';
import { SignatureOutbox } from '../signatures/signature.events';
import { LEARN_UPGRADES, placeReports } from '../signatures/placement.sql';

/** SQLSTATE MOVE_REPORTS raises (faultbase_refuse) when a report's place is not one the batch locked. */
export const REGROUP_TARGETS_CHANGED = 'FBRGM';

/**
 * $1 application, $2 version: the reports to group again, by id. One scan of the table (it has no
 * index by application, which ingest would pay for on every insert); the rows are then read in
 * batches by primary key.
 */
export const REPORT_IDS_OF_VERSION: Query = {
  name: 'regroup_report_ids',
  text: `SELECT id FROM fault_report WHERE application_name = $1 AND application_version = $2 AND stack_trace IS NOT NULL ORDER BY id`,
};

/** $1 report ids: what grouping reads, and where each report is now. */
export const REPORTS_BY_ID: Query = {
  name: 'regroup_reports',
  text: `SELECT id, signature_id, fingerprint, error_code, application_name, exception_type, message, stack_trace
           FROM fault_report WHERE id = ANY($1::uuid[]) ORDER BY id`,
};

/**
 * The moves, a JSON array of one object per report whose grouping changed (ord: its order in the
 * batch), and where each goes, found by the rule ingest files reports by (signatures/placement.sql.ts:
 * a redirect of its fingerprint, its fingerprint's signature, then during a grouping config
 * transition the earlier fingerprints' first redirect or signature, and the batch's reports with
 * one fingerprint together), in the CTE tgt.
 */
const placed = (lock: boolean) => `input AS (
  SELECT * FROM json_to_recordset($1::json) AS i(ord int, report_id uuid, from_signature_id uuid, fingerprint text,
      previous jsonb, signature_id uuid, frames jsonb, grouping_config text, title text, error_code text,
      sig_exception_type text, app_name text, normalised_message text, sig_frames jsonb, components jsonb)
), ${placeReports('input', lock)}`;

/** $1 the moves: the existing signatures they lead to, to lock before anything is written. */
export const REGROUP_TARGETS: Query = {
  name: 'regroup_targets',
  text: `WITH ${placed(false)}
         SELECT DISTINCT s.id FROM tgt JOIN fault_signature s ON s.id = tgt.target_id`,
};

/**
 * $1 the moves, $2 the signatures the transaction has locked (the sources and REGROUP_TARGETS).
 * Finds each report's place again, now under the locks, opens the signatures that do not exist
 * (counts left to the recount, a SIGNATURE_CREATED outbox row each, as ingest writes), learns the
 * redirects of the current fingerprints that went to an earlier config's signature (as ingest does),
 * and moves each report with its mapped frames and the fingerprint it is filed under (a report
 * already there, under that fingerprint, is not written). A place that
 * is neither locked nor opened here (a signature ingest opened, or a redirect a merge wrote, since
 * REGROUP_TARGETS looked) refuses the statement with REGROUP_TARGETS_CHANGED: nothing is written,
 * and the batch runs again. Returns each moved report's way.
 */
export const MOVE_REPORTS: Query = {
  name: 'regroup_move',
  text: `
WITH ${placed(true)}, ${LEARN_UPGRADES}, opened AS (
  INSERT INTO fault_signature (id, fingerprint, grouping_config, title, error_code, exception_type, application_name,
    normalised_message, frames, components, report_count, device_count, first_seen_at, last_seen_at)
  SELECT DISTINCT ON (target_id) target_id, fingerprint, grouping_config, title, error_code, sig_exception_type, app_name,
         normalised_message, sig_frames, components, 0, 0, now(), now()
    FROM tgt WHERE target_id <> ALL($2::uuid[]) ORDER BY target_id
  ON CONFLICT (id) DO NOTHING
  RETURNING id
), created AS (
  ${insertOutboxEventsFrom(SignatureOutbox.SIGNATURE_CREATED, "json_build_object('signatureId', id)", 'opened')}
), moved AS (
  UPDATE fault_report r SET signature_id = t.target_id, fingerprint = t.filed_fingerprint, frames = t.frames
    FROM tgt t WHERE r.id = t.report_id AND r.signature_id = t.from_signature_id
     AND (r.signature_id <> t.target_id OR r.fingerprint <> t.filed_fingerprint)
  RETURNING r.id, t.from_signature_id, t.target_id
), verdict AS (
  SELECT CASE WHEN EXISTS (SELECT 1 FROM tgt WHERE target_id <> ALL($2::uuid[]) AND target_id NOT IN (SELECT id FROM opened))
              THEN faultbase_refuse('${REGROUP_TARGETS_CHANGED}') END AS refused
)
-- The verdict has no column of moved: a one-time filter, checked before any row is returned.
SELECT m.id, m.from_signature_id, m.target_id, m.target_id IN (SELECT id FROM opened) AS opened
  FROM moved m WHERE (SELECT refused FROM verdict) IS NULL`,
};

/** $1 signature ids: those of them left without reports and not merged away. */
export const EMPTIED: Query = {
  name: 'regroup_emptied',
  text: `SELECT id FROM fault_signature WHERE id = ANY($1::uuid[]) AND report_count = 0 AND merged_into_id IS NULL`,
};

/** $1 ids, $2 signature ids, $3 actor, $4 notes, $5 version: one REGROUPED activity entry per signature. */
export const REGROUP_ACTIVITY: Query = {
  name: 'regroup_activity',
  text: `INSERT INTO signature_activity (id, created_at, signature_id, actor_id, kind, note, version)
         SELECT id, now(), signature_id, $3, '${SignatureActivityKind.REGROUPED}', note, $5
           FROM unnest($1::uuid[], $2::uuid[], $4::text[]) AS a(id, signature_id, note)`,
};
