import type { Query } from '../db/sql';
import { insertOutboxEventsFrom } from '../events/outbox';
import { SignatureActivityKind } from '../signatures/signature-activity-kind';
import { SignatureOutbox } from '../signatures/signature.events';
import { previousTargets } from '../signatures/previous-fingerprint.sql';

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

/** The columns of the JSON array the statements below read (one object per report that moves). */
const INPUT = `json_to_recordset($1::json) AS i(report_id uuid, from_signature_id uuid, fingerprint text, previous jsonb,
      signature_id uuid, frames jsonb, grouping_config text, title text, error_code text,
      sig_exception_type text, app_name text, normalised_message text, sig_frames jsonb, components jsonb)`;

/**
 * Where each report goes, found as ingest finds it (ingest.sql.ts): a redirect of its fingerprint
 * (a merge), its fingerprint's signature, then during a grouping config transition the previous
 * fingerprints' first redirect or signature (previous_from says whose); null: a new signature
 * under its fingerprint.
 */
const TARGETS = `
  SELECT i.*, cur.signature_id AS redirect_id, cur.upgraded_from,
         coalesce(cur.signature_id, (SELECT s.id FROM fault_signature s WHERE s.id = i.signature_id)) AS current_id,
         prev.id AS previous_id, prev.previous_from
    FROM ${INPUT}
    LEFT JOIN fingerprint_redirect cur ON cur.fingerprint = i.fingerprint
    LEFT JOIN LATERAL (SELECT t.id, t.previous_from FROM (${previousTargets('i.previous', false)}) t WHERE t.id IS NOT NULL ORDER BY t.n LIMIT 1) prev ON true`;

/** $1 the moves: the existing signatures they lead to, to lock before anything is written. */
export const REGROUP_TARGETS: Query = {
  name: 'regroup_targets',
  text: `SELECT DISTINCT coalesce(current_id, previous_id) AS id FROM (${TARGETS}) t WHERE coalesce(current_id, previous_id) IS NOT NULL`,
};

/**
 * $1 the moves. Opens the signatures that do not exist yet (counts left to the recount, a
 * SIGNATURE_CREATED outbox row each, as ingest writes), and moves each report with its mapped
 * frames and the fingerprint it is filed under (the previous one when it went where that leads, as
 * ingest files it). Returns each moved report's way.
 */
export const MOVE_REPORTS: Query = {
  name: 'regroup_move',
  text: `
WITH tgt AS (
  SELECT t.*, coalesce(t.current_id, t.previous_id, t.signature_id) AS target_id,
         CASE WHEN t.current_id IS NOT NULL THEN coalesce(t.upgraded_from, t.fingerprint)
              WHEN t.previous_id IS NOT NULL THEN t.previous_from
              ELSE t.fingerprint END AS filed_fingerprint
    FROM (${TARGETS}) t
), opened AS (
  INSERT INTO fault_signature (id, fingerprint, grouping_config, title, error_code, exception_type, application_name,
    normalised_message, frames, components, report_count, device_count, first_seen_at, last_seen_at)
  SELECT DISTINCT ON (target_id) target_id, fingerprint, grouping_config, title, error_code, sig_exception_type, app_name,
         normalised_message, sig_frames, components, 0, 0, now(), now()
    FROM tgt WHERE current_id IS NULL AND previous_id IS NULL ORDER BY target_id
  ON CONFLICT (id) DO NOTHING
  RETURNING id
), created AS (
  ${insertOutboxEventsFrom(SignatureOutbox.SIGNATURE_CREATED, "json_build_object('signatureId', id)", 'opened')}
)
UPDATE fault_report r SET signature_id = t.target_id, fingerprint = t.filed_fingerprint, frames = t.frames
  FROM tgt t WHERE r.id = t.report_id AND r.signature_id = t.from_signature_id
RETURNING r.id, t.from_signature_id, t.target_id, t.target_id IN (SELECT id FROM opened) AS opened`,
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
