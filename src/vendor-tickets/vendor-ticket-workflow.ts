import { TicketSide, VendorTicketStatus } from './vendor-ticket.enums';

const { OPEN, ACKNOWLEDGED, IN_PROGRESS, SOLUTION_PROPOSED, CLOSED, REJECTED } = VendorTicketStatus;
const { STAFF, VENDOR } = TicketSide;

/**
 * Who may move a ticket from one status to another: the whole state machine, in one table. The
 * vendor works the ticket (acknowledges, works, proposes, or rejects); the operator's staff decide
 * whether it is done (close it, or send a proposal back to work) and may reopen it. faultbase
 * itself reopens a CLOSED ticket when the fault regresses, outside this table.
 */
export const TICKET_TRANSITIONS: Readonly<Record<VendorTicketStatus, Readonly<Partial<Record<VendorTicketStatus, readonly TicketSide[]>>>>> = {
  [OPEN]: { [ACKNOWLEDGED]: [VENDOR], [IN_PROGRESS]: [VENDOR], [SOLUTION_PROPOSED]: [VENDOR], [REJECTED]: [VENDOR], [CLOSED]: [STAFF] },
  [ACKNOWLEDGED]: { [IN_PROGRESS]: [VENDOR], [SOLUTION_PROPOSED]: [VENDOR], [REJECTED]: [VENDOR], [CLOSED]: [STAFF] },
  [IN_PROGRESS]: { [SOLUTION_PROPOSED]: [VENDOR], [REJECTED]: [VENDOR], [CLOSED]: [STAFF] },
  [SOLUTION_PROPOSED]: { [IN_PROGRESS]: [VENDOR, STAFF], [CLOSED]: [STAFF] },
  [CLOSED]: { [OPEN]: [STAFF] },
  [REJECTED]: { [OPEN]: [STAFF] },
};

/** Statuses no one works on: a new escalation of the same fault to the same vendor opens a new ticket. */
export const FINISHED: readonly VendorTicketStatus[] = [CLOSED, REJECTED];

export function allowedMoves(from: VendorTicketStatus, side: TicketSide): VendorTicketStatus[] {
  return Object.entries(TICKET_TRANSITIONS[from])
    .filter(([, sides]) => sides!.includes(side))
    .map(([to]) => to as VendorTicketStatus);
}

/** The table in words, for the API description (so the two cannot drift apart). */
export function describeTicketTransitions(): string {
  return Object.entries(TICKET_TRANSITIONS)
    .map(([from, moves]) => `${from} → ${Object.entries(moves).map(([to, sides]) => `${to} (${sides!.join(' or ').toLowerCase()})`).join(', ')}`)
    .join('; ');
}
