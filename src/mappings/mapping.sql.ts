import type { Query } from '../db/sql';

/**
 * What a version's files are, as one string: it changes exactly when a file is added, replaced by
 * other content or deleted (the same content uploaded again changes nothing). Names hold no control
 * characters and hashes are hex, so the joined text cannot be read two ways.
 */
const STAMP = `md5(string_agg(kind || ' ' || sha256 || ' ' || name, E'\\n' ORDER BY kind, name))`;

/**
 * Every application version that has mapping files, with its stamp: what ingest checks a report
 * against, in memory. The stamp lets a process that missed a MAPPINGS_CHANGED event see, at its
 * next reload of this set, which versions' parsed files are stale, without any other statement.
 */
export const VERSIONS_WITH_MAPPINGS: Query = {
  name: 'mapping_versions',
  text: `SELECT application_name, application_version, ${STAMP} AS stamp FROM mapping_file GROUP BY application_name, application_version`,
};

/** $1 application, $2 version: its files with their content, to parse, and their stamp, read in the same snapshot. */
export const MAPPING_FILES_OF_VERSION: Query = {
  name: 'mapping_files_of_version',
  text: `WITH files AS (SELECT kind, name, sha256, content FROM mapping_file WHERE application_name = $1 AND application_version = $2)
         SELECT kind, name, content, (SELECT ${STAMP} FROM files) AS stamp FROM files ORDER BY kind, name`,
};

/**
 * $1 application, $2 version: held until the transaction ends, so that uploads to one version take
 * turns and each one's check of the version's other files (count, total size) stays true until it
 * commits. (A two-key advisory lock: its own space, apart from the migrations' one-key lock.)
 */
export const LOCK_VERSION_FILES: Query = {
  name: 'mapping_lock_version',
  text: `SELECT pg_advisory_xact_lock(15, hashtext($1::text || E'\\n' || $2::text))`,
};

/** $1 application, $2 version, $3 kind, $4 name: how many other files the version has, and their bytes. */
export const OTHER_FILES_OF_VERSION: Query = {
  name: 'mapping_other_files',
  text: `SELECT count(*)::int AS n, coalesce(sum(size_bytes), 0)::float8 AS bytes FROM mapping_file
          WHERE application_name = $1 AND application_version = $2 AND NOT (kind = $3 AND name = $4)`,
};

/**
 * $1 id (used when new), $2 application, $3 version, $4 kind, $5 name, $6 content, $7 size, $8 sha256,
 * $9 uploader: the file stored, or the one under the same key replaced (PUT). `created` tells which.
 */
export const UPSERT_MAPPING_FILE: Query = {
  name: 'mapping_upsert',
  text: `INSERT INTO mapping_file (id, created_at, application_name, application_version, kind, name, content, size_bytes, sha256, uploaded_at, uploaded_by_id)
         VALUES ($1, now(), $2, $3, $4, $5, $6, $7, $8, now(), $9)
         ON CONFLICT (application_name, application_version, kind, name) DO UPDATE SET
           content = excluded.content, size_bytes = excluded.size_bytes, sha256 = excluded.sha256,
           uploaded_at = excluded.uploaded_at, uploaded_by_id = excluded.uploaded_by_id
         RETURNING id, application_name, application_version, kind, name, size_bytes, sha256, uploaded_at, (xmax = 0) AS created`,
};
