import { SignatureStatus } from './signature-status';

const { NEW, INVESTIGATING, ESCALATED, RESOLVED, REGRESSED, IGNORED } = SignatureStatus;

/**
 * The statuses a technician may move a signature to, by its current status: the whole state
 * machine, in one table. Nothing leads to REGRESSED (only evidence does: a report of a fixed fault)
 * or ESCALATED (only escalation to a vendor does). A resolved fault is reopened as INVESTIGATING,
 * never NEW: it has a history, and NEW means nobody has looked yet.
 * Setting the status a signature already has is not a transition: nothing changes.
 */
export const STATUS_TRANSITIONS: Readonly<Record<SignatureStatus, readonly SignatureStatus[]>> = {
  [NEW]: [INVESTIGATING, RESOLVED, IGNORED],
  [INVESTIGATING]: [NEW, RESOLVED, IGNORED],
  [ESCALATED]: [INVESTIGATING, RESOLVED, IGNORED],
  [RESOLVED]: [INVESTIGATING],
  [REGRESSED]: [INVESTIGATING, RESOLVED, IGNORED],
  [IGNORED]: [NEW, INVESTIGATING],
};

export function mayTransition(from: SignatureStatus, to: SignatureStatus): boolean {
  return STATUS_TRANSITIONS[from].includes(to);
}

/** The table in words, for the API description (so the two cannot drift apart). */
export function describeTransitions(): string {
  return Object.entries(STATUS_TRANSITIONS)
    .map(([from, to]) => `${from} → ${to.join(', ')}`)
    .join('; ');
}
