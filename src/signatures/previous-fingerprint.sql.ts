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
 * id null where it leads nowhere. Ingest locks the redirects it reads (`lock`), as it does the
 * current fingerprint's, so that an unmerge waits for it or it for the unmerge.
 */
export const previousTargets = (previous: string, lock: boolean) => `
  SELECT e.n, e.v->>'fp' AS previous_from,
         coalesce((SELECT p.signature_id FROM fingerprint_redirect p WHERE p.fingerprint = e.v->>'fp'${lock ? ' FOR SHARE' : ''}),
                  (SELECT s.id FROM fault_signature s WHERE s.id = (e.v->>'sid')::uuid)) AS id
    FROM jsonb_array_elements(${previous}) WITH ORDINALITY AS e(v, n)`;
