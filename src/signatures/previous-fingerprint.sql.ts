import { signatureIdFor } from './signature-id';

/**
 * During a grouping config transition a report carries the fingerprints the configs before the
 * current one give it, nearest first (grouping/transition.ts, groupForIngest). Statements receive
 * them as a JSON array of { fp, sid } (the fingerprint and the signature id it would have), or
 * null outside a transition.
 */
export interface PreviousFingerprint {
  fp: string;
  sid: string;
}

export const previousOf = (fingerprints: readonly string[]): PreviousFingerprint[] | null =>
  fingerprints.length ? fingerprints.map((fp) => ({ fp, sid: signatureIdFor(fp) })) : null;

/**
 * Where each of a report's previous fingerprints (`previous`, a jsonb expression) leads, in order
 * (n): its redirect (a merge, or one learnt in an earlier upgrade), else the signature of its own;
 * id null where it leads nowhere. previous_from is the fingerprint a report found this way is filed
 * under: the redirect's origin when an upgrade learnt it (upgraded_from, the signature's own
 * fingerprint or a merged one's), else the previous fingerprint itself; so an unmerge, which moves
 * the reports and redirects of its tree's own fingerprints, takes it back (merge.sql.ts, UNMERGE),
 * as it does for reports found through the current fingerprint's learnt redirect. Ingest locks the
 * redirects it reads (`lock`), as it does the current fingerprint's, so that an unmerge waits for
 * it or it for the unmerge.
 */
export const previousTargets = (previous: string, lock: boolean) => `
  SELECT e.n, coalesce(p.upgraded_from, e.v->>'fp') AS previous_from,
         coalesce(p.signature_id, (SELECT s.id FROM fault_signature s WHERE s.id = (e.v->>'sid')::uuid)) AS id
    FROM jsonb_array_elements(${previous}) WITH ORDINALITY AS e(v, n)
    LEFT JOIN LATERAL (SELECT r.signature_id, r.upgraded_from FROM fingerprint_redirect r
                        WHERE r.fingerprint = e.v->>'fp'${lock ? ' FOR SHARE' : ''}) p ON true`;
