import type { Query } from '../db/sql';

/**
 * SQL fragments of the devices domain, for statements that other domains compose (ingest, the
 * signatures' recount). Arguments are column expressions of ours, never input.
 */

/**
 * A runtime as one label, "MIDP 2.0": name and version joined, null when there is neither. The
 * breakdowns count by it; `runtimeOf` (runtime.ts) is the same rule for the API.
 */
export const runtimeLabel = (name: string, version: string) => `nullif(concat_ws(' ', ${name}, ${version}), '')`;

/**
 * A device's check-in: what it runs now (firmware and runtime when given; when `applications` is
 * given, the whole list of installed applications replaces the one kept) and that it is alive.
 * $1 device  $2 firmware  $3 its version key  $4 runtime name  $5 runtime version
 * $6 whether applications were given  $7 the applications, a JSON array of {name, version, version_key, type, vendor}
 */
export const CHECK_IN: Query = {
  name: 'device_check_in',
  text: `
WITH apps AS (
  SELECT * FROM json_to_recordset($7::json) AS a(name text, version text, version_key text, type text, vendor text)
), dev AS (
  UPDATE device SET
    firmware_version = coalesce($2, firmware_version),
    firmware_version_key = CASE WHEN $2::text IS NULL THEN firmware_version_key ELSE $3 END,
    runtime_name = coalesce($4, runtime_name),
    runtime_version = CASE WHEN $4::text IS NULL THEN runtime_version ELSE $5 END,
    last_check_in_at = now(),
    last_seen_at = now()
  WHERE id = $1
  RETURNING id
), logged AS (
  -- Every check-in is kept: fleet stability counts a device active in any window it checked in during.
  INSERT INTO device_check_in (device_id, checked_in_at) SELECT id, now() FROM dev ON CONFLICT DO NOTHING
), gone AS (
  DELETE FROM device_application WHERE device_id = $1 AND $6::boolean AND name NOT IN (SELECT name FROM apps)
)
INSERT INTO device_application (device_id, name, version, version_key, type, vendor, updated_at)
SELECT $1, name, version, version_key, type, vendor, now() FROM apps ORDER BY name
ON CONFLICT (device_id, name) DO UPDATE SET
  version = excluded.version, version_key = excluded.version_key, type = excluded.type, vendor = excluded.vendor, updated_at = now()`,
};
