import { defineTopics, payload } from '../events/topics';

export type SignatureEventKindName = 'CREATED' | 'UPDATED' | 'REGRESSED' | 'ESCALATED' | 'RESOLVED' | 'MERGED';

export interface SignatureChangedEvent {
  kind: SignatureEventKindName;
  signatureId: string;
}

/** Reactions that must happen to signatures' changes, written to the outbox with the change. */
export const SignatureOutbox = defineTopics({
  /** A report opened a new signature (written by ingest's statement, once per signature). */
  SIGNATURE_CREATED: payload<{ signatureId: string }>(),
  /** A report proved a published fix did not work (written by ingest's statement, once per regression). */
  SIGNATURE_REGRESSED: payload<{ signatureId: string; resolutionId: string; deviceId: string; reportId: string }>(),
  /** Signatures were merged into another: what was attached to them (resolutions) follows. */
  SIGNATURES_MERGED: payload<{ targetId: string; sourceIds: string[] }>(),
});

export const SignatureTopics = defineTopics({
  /** A signature was created, changed by a technician, merged, resolved… (after commit). */
  SIGNATURE_CHANGED: payload<SignatureChangedEvent>(),
  /** Grouping rules were added, changed or removed: every process reloads them. */
  GROUPING_RULES_CHANGED: payload<{ at: string }>(),
});
