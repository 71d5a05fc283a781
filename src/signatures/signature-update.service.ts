import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '../app/context';
import type { UserPrincipal } from '../auth/principal';
import { UserRole } from '../auth/roles';
import { User } from '../auth/user.entity';
import { isId } from '../db/ids';
import { SignatureActivityKind } from './signature-activity-kind';
import { SignatureActivity } from './signature-activity.entity';
import { assigneeRefused, invalidTransition, muteInvalid, nothingToChange, signatureNotFound } from './signature.errors';
import { FaultSignature } from './signature.entity';
import { SignatureTopics } from './signature.events';
import { isMuted } from './signature-mute';
import type { UpdateSignatureInput } from './signature.input';
import { SignatureStatus } from './signature-status';
import { mayTransition, STATUS_TRANSITIONS } from './signature-workflow';

/**
 * A technician's change: status (through the state machine), assignee, mute and a note, each kept
 * as an activity entry, all in one transaction; SIGNATURE_CHANGED is published after the commit (RESOLVED
 * when the status became RESOLVED, else UPDATED). Asking for what already is changes nothing and
 * publishes nothing.
 */
export async function updateSignature(
  { em, caller, events }: Scope<UserPrincipal>,
  id: string,
  input: UpdateSignatureInput,
): Promise<FaultSignature> {
  // undefined: leave the assignee as it is; null: unassign.
  const assigneeId = input.assigneeId === undefined ? undefined : input.assigneeId || null;
  if (input.status == null && assigneeId === undefined && input.muted == null && !input.note) throw nothingToChange();
  checkMute(input);
  if (!isId(id)) throw signatureNotFound(id);
  if (assigneeId && !isId(assigneeId)) throw assigneeRefused(assigneeId, 'no such user');

  const { signature, changes } = await em.transactional(async (tx) => {
    // FOR UPDATE: a concurrent change of this signature waits here until this one commits, then
    // reads the status it left; two technicians never both pass the state machine from one status.
    const signature = await tx.findOne(FaultSignature, id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!signature) throw signatureNotFound(id);
    const entry = entryMaker(tx, signature, caller);
    const changes: SignatureActivity[] = [];
    if (input.status != null && input.status !== signature.status) {
      if (!mayTransition(signature.status, input.status)) {
        throw invalidTransition(signature.status, input.status, STATUS_TRANSITIONS[signature.status]);
      }
      changes.push(entry(SignatureActivityKind.STATUS_CHANGED, { fromStatus: signature.status, toStatus: input.status }));
      signature.status = input.status;
    }
    if (assigneeId !== undefined && assigneeId !== (signature.assignee?.id ?? null)) {
      if (assigneeId) {
        const assignee = await assignable(tx, assigneeId);
        changes.push(entry(SignatureActivityKind.ASSIGNED, { assignee }));
        signature.assignee = assignee;
      } else {
        changes.push(entry(SignatureActivityKind.UNASSIGNED, { assignee: signature.assignee }));
        signature.assignee = undefined;
      }
    }
    if (input.muted === true) {
      // A new mute replaces the one before (another end, or none); muting again the same way changes nothing.
      const until = input.mutedUntil ?? null;
      if (!isMuted(signature) || (signature.mutedUntil?.getTime() ?? null) !== (until?.getTime() ?? null)) {
        changes.push(entry(SignatureActivityKind.MUTED, { mutedUntil: until }));
        signature.mutedAt = new Date();
        signature.mutedUntil = until;
      }
    } else if (input.muted === false && signature.mutedAt != null) {
      // A timed mute that has ended already reads as none: clearing what is left of it changes
      // nothing anyone sees, so it is no UNMUTED entry and no event.
      if (isMuted(signature)) changes.push(entry(SignatureActivityKind.UNMUTED, {}));
      signature.mutedAt = null;
      signature.mutedUntil = null;
    }
    if (input.note) changes.push(entry(SignatureActivityKind.NOTE, { note: input.note.trim() }));
    tx.persist(changes);
    return { signature, changes };
  });

  if (changes.length) {
    const resolved = changes.some((c) => c.toStatus === SignatureStatus.RESOLVED);
    events.publish(SignatureTopics.SIGNATURE_CHANGED, { kind: resolved ? 'RESOLVED' : 'UPDATED', signatureId: signature.id });
  }
  return signature;
}

/** Entries of one change share its time and actor. */
function entryMaker(em: EntityManager, signature: FaultSignature, caller: UserPrincipal) {
  const createdAt = new Date();
  const actor = em.getReference(User, caller.id);
  return (kind: SignatureActivityKind, fields: Partial<Pick<SignatureActivity, 'fromStatus' | 'toStatus' | 'assignee' | 'note' | 'mutedUntil'>>) =>
    new SignatureActivity({ signature, actor, kind, createdAt, ...fields });
}

/** The longest a mute may be set to end by itself; a longer one is a mute until unmuted. */
const MAX_MUTE_MS = 366 * 24 * 3600_000;

function checkMute(input: UpdateSignatureInput): void {
  if (input.mutedUntil == null) return;
  if (input.muted !== true) throw muteInvalid('mutedUntil', 'is given only with muted: true');
  const ms = input.mutedUntil.getTime() - Date.now();
  if (!(ms > 0)) throw muteInvalid('mutedUntil', 'must be in the future');
  if (ms > MAX_MUTE_MS) throw muteInvalid('mutedUntil', 'must be at most a year ahead (leave it out to mute until unmuted)');
}

/** Signatures are worked on by operator staff: an active admin or technician, never a vendor's user. */
async function assignable(em: EntityManager, id: string): Promise<User> {
  const user = await em.findOne(User, id);
  if (!user) throw assigneeRefused(id, 'no such user');
  if (user.role !== UserRole.ADMIN && user.role !== UserRole.TECHNICIAN) throw assigneeRefused(id, `a ${user.role} user cannot be assigned`);
  if (user.revokedAt) throw assigneeRefused(id, 'the user is revoked');
  return user;
}
