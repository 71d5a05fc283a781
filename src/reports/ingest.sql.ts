import type { Query } from '../db/sql';

/**
 * One report in one statement: insert it (idempotent on device + clientReportId), then, only if it
 * was new, count it on the device's rate window, upsert its signature, the (signature, device) pair
 * and the breakdown rows. A retry inserts nothing, so nothing is counted twice, and the counters are
 * incremented by PostgreSQL under row locks, so parallel reports give exact counts.
 *
 * $1 device  $2 clientReportId  $3 signature id (from the fingerprint)  $4 occurredAt  $5 errorCode  $6 severity
 * $7 app name  $8 app version  $9 app type  $10 app vendor  $11 runtime name  $12 runtime version
 * $13 exceptionType  $14 message  $15 stackTrace  $16 frames  $17 attributes
 * $18 fingerprint  $19 grouping config  $20 title  $21 signature exceptionType  $22 normalised message
 * $23 identifying frames  $24 components
 */
export const INGEST_REPORT: Query = {
  name: 'ingest_report',
  text: `
WITH tgt AS (
  -- A merged fingerprint redirects to its target. FOR SHARE makes an unmerge (which deletes the
  -- redirect) wait for this report, or this report wait for the unmerge and then see no redirect.
  SELECT coalesce((SELECT signature_id FROM fingerprint_redirect WHERE fingerprint = $18 FOR SHARE), $3::uuid) AS id
), rep AS (
  INSERT INTO fault_report (id, device_id, client_report_id, signature_id, occurred_at, received_at, error_code,
    severity, application_name, application_version, application_type, application_vendor, runtime_name,
    runtime_version, exception_type, message, stack_trace, frames, attributes, fingerprint)
  SELECT gen_random_uuid(), $1, $2, tgt.id, $4, now(), $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18
    FROM tgt
  ON CONFLICT (device_id, client_report_id) DO NOTHING
  RETURNING id, signature_id, received_at, least(occurred_at, received_at) AS seen_at
), dev AS (
  UPDATE device SET
    last_seen_at = now(),
    rate_window_count = CASE WHEN rate_window_start = date_trunc('hour', now()) THEN rate_window_count + 1 ELSE 1 END,
    rate_window_start = date_trunc('hour', now())
  WHERE id = $1 AND EXISTS (SELECT 1 FROM rep)
  RETURNING rate_window_count, model, firmware_version,
    nullif(concat_ws(' ', runtime_name, runtime_version), '') AS runtime
), sig AS (
  INSERT INTO fault_signature (id, fingerprint, grouping_config, title, error_code, exception_type, application_name,
    normalised_message, frames, components, report_count, device_count, first_seen_at, last_seen_at)
  SELECT rep.signature_id, $18, $19, $20, $5, $21, $7, $22, $23, $24, 1, 0, rep.seen_at, rep.seen_at FROM rep
  ON CONFLICT (id) DO UPDATE SET
    report_count = fault_signature.report_count + 1,
    first_seen_at = least(fault_signature.first_seen_at, excluded.first_seen_at),
    last_seen_at = greatest(fault_signature.last_seen_at, excluded.last_seen_at)
  -- Merged away while this statement waited for its lock: nothing is returned and ingest retries.
  WHERE fault_signature.merged_into_id IS NULL
  RETURNING id, (xmax = 0) AS created
), sd AS (
  INSERT INTO signature_device (signature_id, device_id, report_count, first_seen_at, last_seen_at)
  SELECT rep.signature_id, $1, 1, rep.seen_at, rep.seen_at FROM rep
  ON CONFLICT (signature_id, device_id) DO UPDATE SET
    report_count = signature_device.report_count + 1,
    first_seen_at = least(signature_device.first_seen_at, excluded.first_seen_at),
    last_seen_at = greatest(signature_device.last_seen_at, excluded.last_seen_at)
  RETURNING (xmax = 0) AS new_device
), bd AS (
  INSERT INTO signature_breakdown (signature_id, dimension, value, device_id, report_count)
  SELECT rep.signature_id, d.dimension, d.value, $1, 1
    FROM rep CROSS JOIN dev CROSS JOIN LATERAL (VALUES
      ('APPLICATION_VERSION', $8::text),
      ('MODEL', dev.model),
      ('FIRMWARE', dev.firmware_version),
      ('RUNTIME', coalesce(nullif(concat_ws(' ', $11::text, $12::text), ''), dev.runtime))
    ) AS d(dimension, value)
   WHERE d.value IS NOT NULL
  ON CONFLICT (signature_id, dimension, value, device_id) DO UPDATE SET
    report_count = signature_breakdown.report_count + 1
)
SELECT rep.id AS report_id, rep.signature_id, rep.received_at, sig.id IS NOT NULL AS counted, sig.created,
       sd.new_device, dev.rate_window_count
  FROM rep LEFT JOIN sig ON true LEFT JOIN sd ON true LEFT JOIN dev ON true`,
};

/**
 * deviceCount cannot be raised inside INGEST_REPORT: whether the device is new to the signature is
 * known only from the signature_device upsert, and one statement may not update a row twice.
 * Runs in the same transaction, once per new (signature, device) pair.
 */
export const COUNT_NEW_DEVICE: Query = {
  name: 'ingest_count_new_device',
  text: `UPDATE fault_signature SET device_count = device_count + 1 WHERE id = $1`,
};

/** The stored reports behind duplicate retries (committed: the conflicting insert waited for them). */
export const STORED_REPORTS: Query = {
  name: 'ingest_stored_reports',
  text: `SELECT id, signature_id, client_report_id FROM fault_report
          WHERE device_id = $1 AND client_report_id = ANY($2::text[])`,
};
