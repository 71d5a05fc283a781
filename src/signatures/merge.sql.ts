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

/**
 * $1 source, $2 its own fingerprint, $3 the fingerprints of its tree, $4 the target. Redirects a
 * config upgrade learnt from the tree's fingerprints go back with them.
 */
export const UNMERGE: Query = {
  name: 'unmerge',
  text: `WITH gone AS (DELETE FROM fingerprint_redirect WHERE fingerprint = $2),
         back AS (UPDATE fingerprint_redirect SET signature_id = $1
                   WHERE (fingerprint = ANY($3::text[]) AND fingerprint <> $2) OR upgraded_from = ANY($3::text[])),
         moved AS (UPDATE fault_report SET signature_id = $1 WHERE signature_id = $4 AND fingerprint = ANY($3::text[]))
         UPDATE fault_signature SET merged_into_id = NULL WHERE id = $1`,
};
