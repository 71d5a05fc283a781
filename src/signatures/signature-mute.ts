import type { FaultSignature } from './signature.entity';

/**
 * What "muted now" means, once. A mute is stored as mutedAt and mutedUntil (null: until unmuted);
 * a timed mute ends by itself when mutedUntil passes, and nothing rewrites the row then, so the
 * stored fields outlive it. Whatever reads them asks these instead:
 * - MUTED_NOW, in SQL, for a signature aliased s: the alert rules' QUIET (alerts/alert-firing.service.ts);
 * - isMuted, for a loaded signature: updateSignature (whether muting or unmuting changes anything);
 * - shownMute, what the API shows (FaultSignature.mutedAt and mutedUntil): nothing once a mute ended.
 */
export const MUTED_NOW = `(s.muted_at IS NOT NULL AND (s.muted_until IS NULL OR s.muted_until > now()))`;

type Mute = Pick<FaultSignature, 'mutedAt' | 'mutedUntil'>;

/** Muted at `now`: the same rule as MUTED_NOW. */
export const isMuted = (s: Mute, now = Date.now()) => s.mutedAt != null && (s.mutedUntil == null || s.mutedUntil.getTime() > now);

const NOT_MUTED: Mute = { mutedAt: null, mutedUntil: null };

/**
 * The instant each signature object's mute is judged at, so that its two fields agree (one is not
 * read as muted and the other as ended, when a mute ends between the two). An object lives for one
 * request or one subscription event (its own identity map), so the instant is that of the answer.
 */
const judgedAt = new WeakMap<object, number>();

/** The mute as the API shows it: the stored one while it holds; none (both null) once it ended. */
export function shownMute(s: Mute): Mute {
  let now = judgedAt.get(s);
  if (now === undefined) judgedAt.set(s, (now = Date.now()));
  return isMuted(s, now) ? s : NOT_MUTED;
}
