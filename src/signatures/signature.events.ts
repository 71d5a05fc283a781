import { defineTopics, payload } from '../events/topics';

export type SignatureEventKindName = 'CREATED' | 'UPDATED' | 'REGRESSED' | 'ESCALATED' | 'RESOLVED' | 'MERGED';

export interface SignatureChangedEvent {
  kind: SignatureEventKindName;
  signatureId: string;
}

export const SignatureTopics = defineTopics({
  /** A signature was created, changed by a technician, merged, resolved… (after commit). */
  SIGNATURE_CHANGED: payload<SignatureChangedEvent>(),
  /** Grouping rules were added, changed or removed: every process reloads them. */
  GROUPING_RULES_CHANGED: payload<{ at: string }>(),
});
