/**
 * SQL fragments of the devices domain, for statements that other domains compose (ingest, the
 * signatures' recount). Arguments are column expressions of ours, never input.
 */

/**
 * A runtime as one label, "MIDP 2.0": name and version joined, null when there is neither. The
 * breakdowns count by it; `runtimeOf` (runtime.ts) is the same rule for the API.
 */
export const runtimeLabel = (name: string, version: string) => `nullif(concat_ws(' ', ${name}, ${version}), '')`;
