import { defineTopics, payload } from '../events/topics';

/** A device or user whose token was revoked, or whose settings behind the token changed. */
export interface PrincipalEvent {
  kind: 'device' | 'user';
  id: string;
}

export const AuthTopics = defineTopics({
  /** A token stopped working: every process forgets it and closes its open subscriptions. */
  PRINCIPAL_REVOKED: payload<PrincipalEvent>(),
  /** A device's reporting policy changed: every process forgets the principal it remembered. */
  PRINCIPAL_CHANGED: payload<PrincipalEvent>(),
});
