import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { comparableFrames, similarityOfKeys, type SimilarityInput } from './grouping';
import type { SimilarSignatureType } from './similar.type';

/** Signatures compared with, per application: the most recently seen ones (the rest are not suggested). */
export const SIMILAR_CANDIDATES = 500;

interface CandidateRow {
  id: string;
  application_name: string;
  exception_type: string | null;
  normalised_message: string | null;
  frames: SimilarityInput['frames'] | null;
}

interface Candidate extends SimilarityInput {
  id: string;
  app: string;
  keys: string[];
}

/**
 * FaultSignature.similar for every signature asked in a request: one statement reads the
 * candidates of their applications (not merged away, the SIMILAR_CANDIDATES most recently seen
 * of each, each with its newest report's frames, as `sample` shows them), then each signature is
 * compared with its application's candidates in memory (grouping/similarity.ts).
 */
export function similarLoader(em: EntityManager) {
  return new DataLoader<string, SimilarSignatureType[]>(async (ids) => {
    const rows: CandidateRow[] = await em.getConnection().execute(
      `WITH asked AS (SELECT id, application_name FROM fault_signature WHERE id IN (?)),
            cand AS (
              SELECT s.id, s.application_name, s.exception_type, s.normalised_message,
                     row_number() OVER (PARTITION BY s.application_name ORDER BY s.last_seen_at DESC, s.id) AS rn,
                     s.id IN (SELECT id FROM asked) AS is_asked
                FROM fault_signature s
               WHERE s.application_name IN (SELECT application_name FROM asked)
                 AND (s.merged_into_id IS NULL OR s.id IN (SELECT id FROM asked)))
       SELECT c.id, c.application_name, c.exception_type, c.normalised_message, r.frames
         FROM cand c
         LEFT JOIN LATERAL (SELECT frames FROM fault_report WHERE signature_id = c.id ORDER BY received_at DESC, id DESC LIMIT 1) r ON true
        WHERE c.rn <= ? OR c.is_asked`,
      [[...ids], SIMILAR_CANDIDATES],
    );
    const candidates = rows.map(
      (r): Candidate => ({
        id: r.id,
        app: r.application_name,
        exceptionType: r.exception_type,
        normalisedMessage: r.normalised_message,
        frames: r.frames ?? [],
        keys: comparableFrames(r.frames ?? []),
      }),
    );
    const byId = new Map(candidates.map((c) => [c.id, c]));
    return ids.map((id) => {
      const own = byId.get(id);
      if (own === undefined) return [];
      return candidates
        .filter((c) => c.id !== id && c.app === own.app)
        .map((c) => ({ signatureId: c.id, ...similarityOfKeys(own, own.keys, c, c.keys) }))
        .filter((s) => s.score > 0)
        .sort((a, b) => b.score - a.score || (a.signatureId < b.signatureId ? -1 : 1));
    });
  });
}
