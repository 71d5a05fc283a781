import type { Query } from '../db/sql';
import { runtimeLabel } from '../devices/device.sql';
import { insertOutboxEventsFrom } from '../events/outbox';
import { SignatureActivityKind } from '../signatures/signature-activity-kind';
import { SignatureOutbox } from '../signatures/signature.events';
import { breakdownValues } from '../signatures/breakdown.sql';
import { countReports } from '../signatures/counter.sql';
import { LEARN_UPGRADES, placeReports } from '../signatures/placement.sql';
import { offersFor, regressionEvidence } from '../resolutions/resolution.sql';

/** SQLSTATEs INGEST_REPORTS raises through faultbase_refuse (see migration RefuseFunction). */
export const SIGNATURE_MERGED_MEANWHILE = 'FBMRG';
export const OVER_RATE_LIMIT = 'FBRLM';
/** The plain statement met a signature a published resolution answers: run INGEST_REPORTS_ANSWERED instead. */
export const RESOLUTIONS_APPLY = 'FBRSL';

/**
 * A whole request's reports in one statement, so a report costs one round trip and no explicit
 * transaction: a statement is atomic on its own. The reports arrive as one JSON array (sorted by
 * signature id so that concurrent requests lock signatures in one order).
 *
 * The reports are inserted idempotently (device + clientReportId); only those that were new are
 * counted: on the device's rate window, their signatures (reports, new devices, first/last seen),
 * the (signature, device) pairs, the breakdown rows and the per-minute and per-hour counters, each
 * upserted once per key with the sum, under PostgreSQL's row locks, so parallel requests give exact
 * counts and a retry counts nothing.
 *
 * It comes in two variants, built here from the same parts. INGEST_REPORTS_ANSWERED is for reports
 * of signatures that a published resolution answers: a new report whose fix did not work (the
 * device installed it, or runs the fixed version) moves a RESOLVED signature to REGRESSED with its
 * activity entry and an outbox event, and the resolutions that target the device are offered to
 * it and returned for the receipts (resolutions/resolution.sql.ts). That costs planning and
 * execution every report would pay (on the embedded database, where statements are planned each
 * time, it halved ingest), so the common case runs INGEST_REPORTS, which only checks that no
 * published resolution answers its signatures and refuses with RESOLUTIONS_APPLY if one does (the
 * service then runs the other variant). The check reads `answered` from the signature rows it
 * upserts (kept by publication, withdrawal and merges, under the same row locks), so it costs
 * nothing to plan or run; the service chooses from a cached set of answered signatures, and the
 * check makes a stale cache cost a retry, never a missed regression.
 *
 * Three outcomes must undo everything, which a statement can only do by failing: a signature merged
 * away while the statement waited for its lock (the caller retries and then follows the redirect),
 * a device over its hourly limit, and RESOLUTIONS_APPLY. `faultbase_refuse` raises them with our
 * own SQLSTATEs.
 *
 * $1 device  $2 maxReportsPerHour  $3 the reports, a JSON array of objects with the keys below (one
 * JSON document: JSON.stringify is native, where 23 text arrays cost an escaping pass per element).
 */
function ingestStatement(answered: boolean): string {
  /** The parts only the answered variant has; the plain one has its check instead. */
  const only = (text: string, otherwise = '') => (answered ? text : otherwise);
  return `
WITH input AS (
  SELECT * FROM json_to_recordset($3::json) AS i(ord int, client_report_id text, signature_id uuid,
      occurred_at timestamptz, error_code text, severity severity, app_name text, app_version text, app_type text,
      app_vendor text, runtime_name text, runtime_version text, exception_type text, message text, stack_trace text,
      frames jsonb, attributes jsonb, fingerprint text, previous jsonb,
      grouping_config text, title text, sig_exception_type text, normalised_message text, sig_frames jsonb,
      components jsonb, app_version_key text)
),
  -- Where each report goes (signatures/placement.sql.ts, shared with re-grouping): a redirected
  -- fingerprint (merged, or learnt in a config upgrade) leads to its target; during a grouping
  -- config transition (previous set), a report whose current fingerprint has neither a redirect
  -- nor a signature goes where the first of the previous configs' fingerprints that leads anywhere
  -- leads, and takes the reports of this request with its current fingerprint along: an upgrade
  -- never splits a signature technicians triage, even over several configs at once. Such a report
  -- is filed under the old signature's fingerprint (so an unmerge moves it with its signature), and
  -- its new fingerprint is redirected there (upgrade), so it keeps landing there after the
  -- transition ends. The redirects are read FOR SHARE: an unmerge waits for this statement, or
  -- this statement for the unmerge.
${placeReports('input', true)}, ${LEARN_UPGRADES}, rep AS (
  INSERT INTO fault_report (id, device_id, client_report_id, signature_id, occurred_at, received_at, error_code,
    severity, application_name, application_version, application_type, application_vendor, runtime_name,
    runtime_version, exception_type, message, stack_trace, frames, attributes, fingerprint, application_version_key)
  SELECT gen_random_uuid(), $1, client_report_id, target_id, occurred_at, now(), error_code, severity, app_name,
         app_version, app_type, app_vendor, runtime_name, runtime_version, exception_type, message, stack_trace,
         frames, attributes, filed_fingerprint, app_version_key
    FROM tgt ORDER BY ord
  ON CONFLICT (device_id, client_report_id) DO NOTHING
  RETURNING id, client_report_id, signature_id, received_at, least(occurred_at, received_at) AS seen_at,
            application_name AS app_name, application_version, application_version_key AS app_version_key,
            ${runtimeLabel('runtime_name', 'runtime_version')} AS runtime
${only(`), device_now AS (
  -- The reporting device as the statement found it, without locking it: the resolutions' fragments
  -- read it where the signatures are being locked, and the device row is locked (dev) in one place only.
  SELECT id, manufacturer, model, firmware_version, firmware_version_key FROM device WHERE id = $1`)}
), dev AS (
  UPDATE device SET
    last_seen_at = now(),
    rate_window_count = (SELECT count(*) FROM rep)
      + CASE WHEN rate_window_start = date_trunc('hour', now()) THEN rate_window_count ELSE 0 END,
    rate_window_start = date_trunc('hour', now())
  WHERE id = $1 AND EXISTS (SELECT 1 FROM rep)
  RETURNING rate_window_count, model, firmware_version, ${runtimeLabel('runtime_name', 'runtime_version')} AS runtime
), per_sig AS (
  SELECT signature_id, count(*)::int AS reports, min(seen_at) AS first_seen, max(seen_at) AS last_seen,
         (array_agg(application_version ORDER BY seen_at DESC))[1] AS app_version,
         (array_agg(app_version_key ORDER BY seen_at DESC))[1] AS app_version_key
    FROM rep GROUP BY signature_id
), sd AS (
  -- The pair also keeps the application version the device last reported the signature from
  -- (resolutions target by version when the device has not said what it runs).
  INSERT INTO signature_device (signature_id, device_id, report_count, first_seen_at, last_seen_at,
    application_version, application_version_key)
  SELECT signature_id, $1, reports, first_seen, last_seen, app_version, app_version_key FROM per_sig ORDER BY signature_id
  ON CONFLICT (signature_id, device_id) DO UPDATE SET
    report_count = signature_device.report_count + excluded.report_count,
    first_seen_at = least(signature_device.first_seen_at, excluded.first_seen_at),
    last_seen_at = greatest(signature_device.last_seen_at, excluded.last_seen_at),
    application_version = CASE WHEN excluded.last_seen_at >= signature_device.last_seen_at
                               THEN excluded.application_version ELSE signature_device.application_version END,
    application_version_key = CASE WHEN excluded.last_seen_at >= signature_device.last_seen_at
                                   THEN excluded.application_version_key ELSE signature_device.application_version_key END
  RETURNING signature_id, (xmax = 0) AS new_device
${only(`), evidence AS (
  -- A report of a RESOLVED signature that proves its published fix did not work (resolution.sql.ts).
  ${regressionEvidence('rep', 'device_now', '$1')}`)}
), sig AS (
  -- Reads sd's outcome, so a device new to the signature raises device_count in this same upsert.
  INSERT INTO fault_signature (id, fingerprint, grouping_config, title, error_code, exception_type, application_name,
    normalised_message, frames, components, report_count, device_count, first_seen_at, last_seen_at)
  SELECT p.signature_id, t.fingerprint, t.grouping_config, t.title, t.error_code, t.sig_exception_type, t.app_name,
         t.normalised_message, t.sig_frames, t.components, p.reports, sd.new_device::int, p.first_seen, p.last_seen
    FROM per_sig p
    JOIN sd ON sd.signature_id = p.signature_id
    CROSS JOIN LATERAL (SELECT * FROM tgt WHERE tgt.target_id = p.signature_id ORDER BY ord LIMIT 1) t
   ORDER BY p.signature_id
  ON CONFLICT (id) DO UPDATE SET
    report_count = fault_signature.report_count + excluded.report_count,
    device_count = fault_signature.device_count + excluded.device_count,
    first_seen_at = least(fault_signature.first_seen_at, excluded.first_seen_at),
    last_seen_at = greatest(fault_signature.last_seen_at, excluded.last_seen_at)${only(`,
    -- RESOLVED → REGRESSED on evidence, decided on the locked row (the latest status), so of two
    -- concurrent reports exactly one makes the change. The row remembers the change's activity id:
    -- RETURNING shows only the new row, and that id is how this statement knows it made the change.
    status = CASE WHEN fault_signature.status = 'RESOLVED' AND EXISTS (SELECT 1 FROM evidence e WHERE e.signature_id = fault_signature.id)
                  THEN 'REGRESSED'::signature_status ELSE fault_signature.status END,
    regression_activity_id = CASE WHEN fault_signature.status = 'RESOLVED' AND EXISTS (SELECT 1 FROM evidence e WHERE e.signature_id = fault_signature.id)
                  THEN (SELECT e.activity_id FROM evidence e WHERE e.signature_id = fault_signature.id)
                  ELSE fault_signature.regression_activity_id END`)}
  -- Merged away while this statement waited for its lock: nothing is returned, and the check below fails.
  WHERE fault_signature.merged_into_id IS NULL
  RETURNING id, (xmax = 0) AS created, regression_activity_id, answered
${only(`), regressed AS (
  SELECT e.* FROM evidence e JOIN sig ON sig.id = e.signature_id AND sig.regression_activity_id = e.activity_id
), regression_entry AS (
  INSERT INTO signature_activity (id, created_at, signature_id, kind, from_status, to_status, device_id, resolution_id, report_id, version)
  SELECT activity_id, now(), signature_id, '${SignatureActivityKind.REGRESSED}', 'RESOLVED', 'REGRESSED', $1, resolution_id, report_id, version FROM regressed
), regression_event AS (
  -- A regression is a state change something reacts to (alert rules): one outbox row.
  ${insertOutboxEventsFrom(
    SignatureOutbox.SIGNATURE_REGRESSED,
    "json_build_object('signatureId', signature_id, 'resolutionId', resolution_id, 'deviceId', $1::uuid, 'reportId', report_id)",
    'regressed',
  )}
), offer AS (
  -- Published resolutions that target this device for the faults it reported: a known fault's
  -- receipt carries them, and the device is offered them now if it was not yet (resolution.sql.ts).
  ${offersFor('rep', 'device_now', '$1')}
), offered AS (
  INSERT INTO resolution_delivery (resolution_id, device_id)
  SELECT DISTINCT resolution_id, $1::uuid FROM offer ORDER BY 1
  ON CONFLICT (resolution_id, device_id) DO NOTHING`)}
), counted AS (
  -- Reports per minute and hour, what alert rules' windows sum (signatures/counter.sql.ts). Reads
  -- sig, so it runs after the signature rows are locked, in the same order.
  ${countReports('(SELECT p.signature_id, p.reports FROM per_sig p JOIN sig ON sig.id = p.signature_id)')}
), created AS (
  -- A new signature is a state change something reacts to (alert rules): one outbox row, in this statement.
  ${insertOutboxEventsFrom(SignatureOutbox.SIGNATURE_CREATED, "json_build_object('signatureId', id)", 'sig WHERE created')}
), bd AS (
  INSERT INTO signature_breakdown (signature_id, dimension, value, device_id, report_count)
  SELECT rep.signature_id, breakdown.dimension, breakdown.value, $1, count(*)
    FROM rep CROSS JOIN dev CROSS JOIN LATERAL ${breakdownValues({
      applicationVersion: 'rep.application_version',
      model: 'dev.model',
      firmware: 'dev.firmware_version',
      runtime: 'coalesce(rep.runtime, dev.runtime)',
    })}
   WHERE breakdown.value IS NOT NULL
   GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (signature_id, dimension, value, device_id) DO UPDATE SET
    report_count = signature_breakdown.report_count + excluded.report_count
)
SELECT rep.id AS report_id, rep.client_report_id, rep.signature_id, rep.received_at, sig.created,
       ${only(
         `rep.signature_id IN (SELECT signature_id FROM regressed) AS regressed,
       ARRAY(SELECT o.resolution_id FROM offer o WHERE o.signature_id = rep.signature_id AND NOT o.installed ORDER BY 1) AS resolution_ids,`,
         `false AS regressed, '{}'::uuid[] AS resolution_ids,`,
       )}
       CASE WHEN (SELECT count(*) FROM sig) < (SELECT count(*) FROM per_sig) THEN faultbase_refuse('${SIGNATURE_MERGED_MEANWHILE}')
            ${only('', `WHEN EXISTS (SELECT 1 FROM sig WHERE answered) THEN faultbase_refuse('${RESOLUTIONS_APPLY}')`)}
            WHEN (SELECT rate_window_count FROM dev) > $2 THEN faultbase_refuse('${OVER_RATE_LIMIT}') END AS refused
  FROM rep LEFT JOIN sig ON sig.id = rep.signature_id`;
}

export const INGEST_REPORTS: Query = { name: 'ingest_reports', text: ingestStatement(false) };
export const INGEST_REPORTS_ANSWERED: Query = { name: 'ingest_reports_answered', text: ingestStatement(true) };

/**
 * The stored reports behind duplicate retries (committed: the conflicting insert waited for them),
 * with the published resolutions the device was offered for their signatures and has not installed,
 * so a retry is answered as the original was.
 */
export const STORED_REPORTS: Query = {
  name: 'ingest_stored_reports',
  text: `SELECT f.id, f.signature_id, f.client_report_id,
                ARRAY(SELECT d.resolution_id FROM resolution_delivery d
                        JOIN resolution_signature rs ON rs.resolution_id = d.resolution_id AND rs.signature_id = f.signature_id
                        JOIN resolution r ON r.id = d.resolution_id AND r.status = 'PUBLISHED'
                       WHERE d.device_id = $1 AND d.state <> 'INSTALLED' ORDER BY 1) AS resolution_ids
           FROM fault_report f
          WHERE f.device_id = $1 AND f.client_report_id = ANY($2::text[])`,
};
