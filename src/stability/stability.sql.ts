/**
 * Fleet stability in SQL (issue 13). Parameters, by name (db/named-params.ts turns them into the
 * driver's positional ones): :from and :to, the window [from, to) of received_at; :app, the application
 * name (null: every application); :first, how many signatures.
 *
 * Why no rollup table: each statement reads the window's reports through the BRIN index on
 * fault_report.received_at (Migration20261202240000StabilityIndex) and the fleet's device rows once,
 * so its cost follows the window and the fleet, not the history (BENCHMARKS.md, "stability": the same
 * 7-day window over 1 M and 5 M reports). A (device, day) rollup would save reading the window's
 * reports only when devices send many reports a day, and it would cost either ingest throughput
 * (one more upsert in the ingest statement) or a job whose lag the figures would show; neither pays
 * for itself at the measured latency.
 *
 * An **active** device (DOMAIN.md) checked in or reported a fault in the window. Every check-in is
 * kept (device_check_in, BRIN on its time like the reports), so past windows count exactly too.
 */

/** The window's reports: the one range read every statement starts from. */
const WINDOW_REPORTS = `SELECT r.device_id, r.signature_id, r.application_name, r.application_version, r.severity
  FROM fault_report r WHERE r.received_at >= :from AND r.received_at < :to`;

/** The devices that checked in within the window. */
const CHECKED_IN = `SELECT DISTINCT c.device_id FROM device_check_in c WHERE c.checked_in_at >= :from AND c.checked_in_at < :to`;

/** Rows (value, active devices, devices with a FATAL report, reports) from a `members` relation. */
const TOTALS = `SELECT value, count(*)::int AS active_devices, (count(*) FILTER (WHERE fatal))::int AS faulty_devices,
  sum(reports)::int AS reports FROM members GROUP BY value`;

/** What a device's own column says, by dimension (MODEL, FIRMWARE); a device without firmware is 'unknown'. */
export const DEVICE_VALUE = {
  MODEL: `d.model`,
  FIRMWARE: `coalesce(d.firmware_version, 'unknown')`,
} as const;

/**
 * By a column of the device: every active device once; its reports (of the application :app, if given)
 * and whether one of them was FATAL.
 */
export const byDeviceColumnSql = (value: string) => `
WITH window_reports AS (${WINDOW_REPORTS}),
checked_in AS (${CHECKED_IN}),
reported AS (
  SELECT device_id,
         count(*) FILTER (WHERE :app::text IS NULL OR application_name = :app) AS reports,
         coalesce(bool_or(severity = 'FATAL' AND (:app::text IS NULL OR application_name = :app)), false) AS fatal
  FROM window_reports GROUP BY device_id
),
members AS (
  SELECT ${value} AS value, coalesce(p.reports, 0) AS reports, coalesce(p.fatal, false) AS fatal
  FROM device d LEFT JOIN reported p ON p.device_id = d.id LEFT JOIN checked_in c ON c.device_id = d.id
  WHERE p.device_id IS NOT NULL OR c.device_id IS NOT NULL
)
${TOTALS}`;

/**
 * By the version of application :app an active device ran: each version it reported from in the
 * window (its reports of that version, FATAL among them); an active device without a report of the
 * application counts under the version installed at its check-in; a device without the application
 * is not counted. A device that upgraded within the window counts under both versions.
 */
export const BY_APPLICATION_VERSION = `
WITH per_device AS (
  -- One pass over the window, grouped at once (a device's reports of the application per version,
  -- and one row for its other reports): far fewer rows than reports to hold for the two uses below.
  SELECT device_id, application_name = :app AS of_app, CASE WHEN application_name = :app THEN application_version END AS value,
         count(*)::int AS reports, bool_or(severity = 'FATAL') AS fatal
  FROM (${WINDOW_REPORTS}) w GROUP BY 1, 2, 3
),
checked_in AS (${CHECKED_IN}),
ran AS (SELECT device_id, value, reports, fatal FROM per_device WHERE of_app),
reporters AS (SELECT DISTINCT device_id FROM per_device),
installed AS (
  SELECT da.device_id, da.version AS value, 0 AS reports, false AS fatal
  FROM device d JOIN device_application da ON da.device_id = d.id AND da.name = :app
  LEFT JOIN reporters rp ON rp.device_id = d.id LEFT JOIN checked_in c ON c.device_id = d.id
  WHERE (rp.device_id IS NOT NULL OR c.device_id IS NOT NULL)
    AND NOT EXISTS (SELECT 1 FROM ran WHERE ran.device_id = d.id)
),
members AS (SELECT value, reports, fatal FROM ran UNION ALL SELECT value, reports, fatal FROM installed)
${TOTALS}`;

/** Signatures by distinct devices in the window, then reports; :first how many. */
export const TOP_SIGNATURES = `
WITH window_reports AS (${WINDOW_REPORTS})
SELECT signature_id, count(DISTINCT device_id)::int AS devices, count(*)::int AS reports
FROM window_reports WHERE :app::text IS NULL OR application_name = :app
GROUP BY signature_id ORDER BY devices DESC, reports DESC, signature_id LIMIT :first`;
