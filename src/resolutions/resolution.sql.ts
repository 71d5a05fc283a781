import type { Query } from '../db/sql';

/**
 * The rules of targeting, written once in SQL and composed by every statement that offers a
 * resolution to devices: the fan-out on publish, a device's check-in, and ingest's statement (a
 * known fault's receipt). Versions are compared by their keys (devices/version-order.ts), which
 * the `*_key` columns hold collated "C".
 */

/** `key` in the range stored as `<prefix>_min_key`, `_min_inclusive`, `_max_key`, `_max_inclusive`; an unknown version is in no bounded range. */
export const inVersionRange = (key: string, prefix: string) => `(
      (${prefix}_min_key IS NULL OR (${key}) COLLATE "C" > ${prefix}_min_key OR (${prefix}_min_inclusive AND (${key}) COLLATE "C" = ${prefix}_min_key))
  AND (${prefix}_max_key IS NULL OR (${key}) COLLATE "C" < ${prefix}_max_key OR (${prefix}_max_inclusive AND (${key}) COLLATE "C" = ${prefix}_max_key)))`;

/**
 * The version key, on device `d`, of the application resolution `r` targets: what the device said
 * at its last check-in, else the version it last reported a linked signature of that application
 * from; null when the resolution targets no application or the device's version is not known.
 */
export const deviceApplicationKey = (r: string, d: string) => `CASE WHEN ${r}.target_application_name IS NULL THEN NULL ELSE coalesce(
    (SELECT da.version_key FROM device_application da WHERE da.device_id = ${d}.id AND da.name = ${r}.target_application_name),
    (SELECT sd.application_version_key FROM signature_device sd
       JOIN resolution_signature rs ON rs.signature_id = sd.signature_id AND rs.resolution_id = ${r}.id
       JOIN fault_signature s ON s.id = sd.signature_id AND s.application_name = ${r}.target_application_name
      WHERE sd.device_id = ${d}.id ORDER BY sd.last_seen_at DESC LIMIT 1)) END`;

/**
 * Whether resolution `r` targets device `d` (with `appKey`, a column holding the device's version
 * key of the targeted application, computed once in a LATERAL): every given condition holds. Manufacturer and model compare without
 * case; a range needs the device's version to be known.
 */
export const targets = (r: string, d: string, appKey: string) => `(
      (${r}.target_manufacturer IS NULL OR lower(${r}.target_manufacturer) = lower(${d}.manufacturer))
  AND (${r}.target_model IS NULL OR lower(${r}.target_model) = lower(${d}.model))
  AND (${r}.target_firmware_range IS NULL OR ${inVersionRange(`${d}.firmware_version_key`, `${r}.target_firmware`)})
  AND (${r}.target_application_name IS NULL OR ((${appKey}) IS NOT NULL AND ${inVersionRange(appKey, `${r}.target_app`)})))`;

/** Devices offered a resolution per statement of the fan-out: bounds the statement, not the count of statements. */
export const FAN_OUT_BATCH = 5000;

/**
 * One batch of a published resolution's fan-out: the next devices (by id, after $2) that reported
 * a linked signature, offered the resolution when it targets them (ACTIVE devices only). Set-based,
 * idempotent (a device is offered a resolution once), and nothing of the devices comes back but the
 * last id of the batch: the process never holds the audience. Stops offering once the resolution
 * is no longer PUBLISHED (withdrawn meanwhile).
 * $1 resolution  $2 the last device id of the previous batch  $3 batch size
 */
export const FAN_OUT: Query = {
  name: 'resolution_fan_out',
  text: `
WITH r AS (
  SELECT * FROM resolution WHERE id = $1 AND status = 'PUBLISHED'
), cand AS (
  SELECT DISTINCT sd.device_id FROM signature_device sd
   WHERE sd.signature_id IN (SELECT signature_id FROM resolution_signature WHERE resolution_id = $1)
     AND sd.device_id > $2::uuid AND EXISTS (SELECT 1 FROM r)
   ORDER BY sd.device_id LIMIT $3
), ins AS (
  INSERT INTO resolution_delivery (resolution_id, device_id)
  SELECT r.id, d.id FROM cand JOIN device d ON d.id = cand.device_id AND d.status = 'ACTIVE' CROSS JOIN r
   CROSS JOIN LATERAL (SELECT ${deviceApplicationKey('r', 'd')} AS app_key) v
   WHERE ${targets('r', 'd', 'v.app_key')}
   -- In key order: two runs of one fan-out (a lease that ran out) take the same keys in one order.
   ORDER BY d.id
  ON CONFLICT (resolution_id, device_id) DO NOTHING
  RETURNING 1
)
SELECT (SELECT device_id FROM cand ORDER BY device_id DESC LIMIT 1) AS last_device_id,
       (SELECT count(*) FROM cand)::int AS candidates,
       (SELECT count(*) FROM ins)::int AS offered`,
};

/**
 * A device that checked in is offered the published resolutions of the signatures it reported that
 * target it now (its firmware or applications may have changed since the fan-out). $1 device
 */
export const OFFER_TO_DEVICE: Query = {
  name: 'resolution_offer_to_device',
  text: `
INSERT INTO resolution_delivery (resolution_id, device_id)
SELECT DISTINCT r.id, d.id FROM device d
  JOIN signature_device sd ON sd.device_id = d.id
  JOIN resolution_signature rs ON rs.signature_id = sd.signature_id
  JOIN resolution r ON r.id = rs.resolution_id AND r.status = 'PUBLISHED'
 CROSS JOIN LATERAL (SELECT ${deviceApplicationKey('r', 'd')} AS app_key) v
 WHERE d.id = $1 AND d.status = 'ACTIVE' AND ${targets('r', 'd', 'v.app_key')}
ON CONFLICT (resolution_id, device_id) DO NOTHING`,
};

/**
 * The devices among $2 that are to hear a live event of resolution $1: offered it and, for a
 * withdrawal, not installed it. One statement per event per process, for the devices subscribed there.
 */
export const AUDIENCE: Query = {
  name: 'resolution_audience',
  text: `SELECT device_id FROM resolution_delivery
          WHERE resolution_id = $1 AND device_id = ANY($2::uuid[]) AND ($3::boolean OR state <> 'INSTALLED')`,
};

/**
 * For ingest's statement (a CTE's body): per signature of the new `reports` (columns id,
 * signature_id, app_name, application_version, app_version_key, seen_at), the evidence that a
 * published fix did not work, if there is any:
 * - the reporting device had installed the resolution before the fault occurred (a report queued
 *   offline before the install and sent after it proves nothing), or
 * - it runs a version at or past `fixVersion`: for a FIRMWARE_UPDATE its firmware, when the
 *   resolution names the manufacturer or model (firmware numbers mean nothing across makers); for
 *   any other kind the reported application's version, when it is the application the resolution
 *   is about (its target's, else the signature's, which is the reported one); and only on devices
 *   of the targeted manufacturer and model.
 * Installed evidence is preferred. Each row carries the id its activity entry will have. `dev` is
 * the reporting device's row (read, not locked).
 */
export const regressionEvidence = (reports: string, dev: string, deviceId: string) => `
  SELECT DISTINCT ON (f.signature_id) f.signature_id, f.id AS report_id,
         CASE WHEN inst.id IS NULL AND r.kind = 'FIRMWARE_UPDATE' THEN ${dev}.firmware_version ELSE f.application_version END AS version,
         r.id AS resolution_id, gen_random_uuid() AS activity_id
    FROM ${reports} f
    JOIN resolution_signature rs ON rs.signature_id = f.signature_id
    JOIN resolution r ON r.id = rs.resolution_id AND r.status = 'PUBLISHED'
    CROSS JOIN ${dev}
    LEFT JOIN resolution_delivery inst ON inst.resolution_id = r.id AND inst.device_id = ${deviceId} AND inst.state = 'INSTALLED'
                                      AND inst.installed_at < f.seen_at
   WHERE inst.id IS NOT NULL
      OR r.fix_version_key IS NOT NULL
         AND (r.target_manufacturer IS NULL OR lower(r.target_manufacturer) = lower(${dev}.manufacturer))
         AND (r.target_model IS NULL OR lower(r.target_model) = lower(${dev}.model))
         AND CASE WHEN r.kind = 'FIRMWARE_UPDATE'
                  THEN (r.target_manufacturer IS NOT NULL OR r.target_model IS NOT NULL)
                       AND ${dev}.firmware_version_key COLLATE "C" >= r.fix_version_key
                  ELSE (r.target_application_name IS NULL OR f.app_name = r.target_application_name)
                       AND f.app_version_key COLLATE "C" >= r.fix_version_key END
   ORDER BY f.signature_id, inst.id IS NULL, f.seen_at DESC`;

/**
 * For ingest's statement (a CTE's body): the published resolutions of the new `reports`'
 * signatures (columns as above) that target the reporting device `dev`, with
 * whether the device has installed them. The device's application version is the report's when
 * the resolution targets the reported application (the freshest word on it).
 */
export const offersFor = (reports: string, dev: string, deviceId: string) => `
  SELECT DISTINCT f.signature_id, r.id AS resolution_id, coalesce(x.state = 'INSTALLED', false) AS installed
    FROM ${reports} f
    JOIN resolution_signature rs ON rs.signature_id = f.signature_id
    JOIN resolution r ON r.id = rs.resolution_id AND r.status = 'PUBLISHED'
    CROSS JOIN ${dev}
    CROSS JOIN LATERAL (SELECT CASE WHEN f.app_name = r.target_application_name THEN f.app_version_key
                                    ELSE ${deviceApplicationKey('r', dev)} END AS app_key) v
    LEFT JOIN resolution_delivery x ON x.resolution_id = r.id AND x.device_id = ${deviceId}
   WHERE ${targets('r', dev, 'v.app_key')}`;

/**
 * A resolution follows its signatures into a merge: the target answers to what the sources did
 * (their reports now land there). An unmerge leaves the link on both. $1 target  $2 the sources
 */
export const LINK_MERGED: Query = {
  name: 'resolution_link_merged',
  text: `INSERT INTO resolution_signature (resolution_id, signature_id)
         SELECT DISTINCT resolution_id, $1::uuid FROM resolution_signature WHERE signature_id = ANY($2::uuid[]) ORDER BY 1
         ON CONFLICT (resolution_id, signature_id) DO NOTHING`,
};

/**
 * After a withdrawal: each signature the resolution answered is still answered if another
 * published resolution answers it. Locked in id order, as ingest locks signatures. ? the resolution
 * (knex binding: the ORM's transaction runs it).
 */
export const REANSWER_LINKED = `
UPDATE fault_signature s SET answered = EXISTS (
    SELECT 1 FROM resolution_signature rs JOIN resolution r ON r.id = rs.resolution_id AND r.status = 'PUBLISHED'
     WHERE rs.signature_id = s.id)
  FROM (SELECT f.id FROM fault_signature f JOIN resolution_signature rs ON rs.signature_id = f.id AND rs.resolution_id = ?
         ORDER BY f.id FOR UPDATE OF f) l
 WHERE s.id = l.id`;

/** After a merge: the target is answered when a published resolution answers one of the sources. $1 target  $2 the sources */
export const ANSWER_MERGE_TARGET: Query = {
  name: 'resolution_answer_merge_target',
  text: `UPDATE fault_signature SET answered = true
          WHERE id = $1 AND NOT answered AND EXISTS (
            SELECT 1 FROM resolution_signature rs JOIN resolution r ON r.id = rs.resolution_id AND r.status = 'PUBLISHED'
             WHERE rs.signature_id = ANY($2::uuid[]))`,
};
