import { previousTargets } from './previous-fingerprint.sql';

/**
 * Where reports go: the one rule by which ingest files a report (ingest/ingest.sql.ts) and
 * re-grouping moves one (mappings/regroup.sql.ts), docs/grouping.md, "Config upgrades". CTEs to
 * compose after a relation `input` with the columns ord (the report's order in its request or
 * batch), fingerprint (the current config's), previous (the earlier configs' fingerprints, nearest
 * first, as previousOf gives them; null outside a transition) and signature_id (the current
 * fingerprint's own signature id, signatureIdFor):
 *
 * - found: a redirect of the current fingerprint (redirect_id, upgraded_from: a merge, or learnt in
 *   an upgrade); else, when the current fingerprint has no signature either, the first of the
 *   previous fingerprints that leads anywhere (old_id, old_from: previous-fingerprint.sql.ts);
 * - matched: reports of the input with one current fingerprint go to one place: if any of them
 *   found an earlier config's signature, all of them go there (upgrade_id, upgrade_from: variants
 *   the old config split);
 * - tgt: target_id, where it goes (the redirect's target, else the earlier config's signature,
 *   else its own signature, which the caller opens when it does not exist); filed_fingerprint,
 *   the fingerprint it is filed under (the old signature's when it went there through an earlier
 *   config, so an unmerge moves it with its signature); upgraded, whether it went there so.
 *
 * `lock`: the redirects read are locked FOR SHARE, so that an unmerge (which deletes or moves a
 * redirect) waits for the statement or the statement for the unmerge, and sees the redirect as the
 * unmerge leaves it.
 */
export const placeReports = (input: string, lock: boolean) => `found AS (
  SELECT i.*, r.signature_id AS redirect_id, r.upgraded_from, old.id AS old_id, old.previous_from AS old_from
    FROM ${input} i
    LEFT JOIN LATERAL (SELECT signature_id, upgraded_from FROM fingerprint_redirect WHERE fingerprint = i.fingerprint${lock ? ' FOR SHARE' : ''}) r ON true
    LEFT JOIN LATERAL (
      SELECT t.id, t.previous_from FROM (${previousTargets('i.previous', lock)}) t
       WHERE t.id IS NOT NULL AND r.signature_id IS NULL
         AND NOT EXISTS (SELECT 1 FROM fault_signature s WHERE s.id = i.signature_id)
       ORDER BY t.n LIMIT 1
    ) old ON true
), matched AS (
  SELECT f.*,
         (array_agg(old_id) FILTER (WHERE old_id IS NOT NULL) OVER w)[1] AS upgrade_id,
         (array_agg(old_from) FILTER (WHERE old_id IS NOT NULL) OVER w)[1] AS upgrade_from
    FROM found f
  WINDOW w AS (PARTITION BY fingerprint ORDER BY ord ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
), tgt AS (
  SELECT m.*, coalesce(m.redirect_id, m.upgrade_id, m.signature_id) AS target_id,
         coalesce(m.upgrade_from, m.upgraded_from, m.fingerprint) AS filed_fingerprint,
         m.upgrade_id IS NOT NULL AS upgraded
    FROM matched m
)`;

/**
 * After placeReports, the CTE `upgrade`: the current fingerprint of a report that went to an
 * earlier config's signature redirects there from then on (upgraded_from: the fingerprint it is
 * filed under), so it keeps landing there, variants the old config split included, also after the
 * transition ends.
 */
export const LEARN_UPGRADES = `upgrade AS (
  INSERT INTO fingerprint_redirect (fingerprint, signature_id, upgraded_from)
  SELECT DISTINCT ON (fingerprint) fingerprint, target_id, upgrade_from FROM tgt WHERE upgraded ORDER BY fingerprint
  ON CONFLICT (fingerprint) DO NOTHING
)`;
