import { refusals } from '../errors/domain-error';
import type { VendorTicketStatus } from './vendor-ticket.enums';

const { refuse, invalid } = refusals({
  VENDOR_TICKET_NOT_FOUND: 'NOT_FOUND',
  ESCALATION_SIGNATURE_NOT_FOUND: 'NOT_FOUND',
  ESCALATION_VENDOR_NOT_FOUND: 'NOT_FOUND',
  VENDOR_DISABLED: 'CONFLICT',
  SIGNATURE_MERGED: 'CONFLICT',
  TICKET_TRANSITION_NOT_ALLOWED: 'BAD_USER_INPUT',
  TICKET_INPUT_INVALID: 'BAD_USER_INPUT',
  NOTHING_TO_CHANGE: 'BAD_USER_INPUT',
  NO_PROPOSAL: 'CONFLICT',
  RESOLUTION_ALREADY_DRAFTED: 'CONFLICT',
  UNFINISHED_TICKET_EXISTS: 'CONFLICT',
});

/** Unknown, and another vendor's: the same answer, so a vendor learns nothing of tickets not its own. */
export const ticketNotFound = (id: string) => refuse('VENDOR_TICKET_NOT_FOUND', `Vendor ticket ${id} was not found.`);
export const escalationSignatureNotFound = (id: string) => refuse('ESCALATION_SIGNATURE_NOT_FOUND', `Signature ${id} was not found.`);
export const escalationVendorNotFound = (id: string) => refuse('ESCALATION_VENDOR_NOT_FOUND', `Vendor ${id} was not found.`);
export const vendorDisabled = (name: string) => refuse('VENDOR_DISABLED', `Vendor ${name} is disabled: nothing can be escalated to it.`);
export const signatureMerged = (id: string, targetId: string) =>
  refuse('SIGNATURE_MERGED', `Signature ${id} was merged into ${targetId}: escalate that one.`, { mergedInto: targetId });
export const transitionNotAllowed = (from: VendorTicketStatus, to: VendorTicketStatus, allowed: VendorTicketStatus[]) =>
  invalid('TICKET_TRANSITION_NOT_ALLOWED', [{ path: ['input', 'status'], message: `${from} → ${to} is not yours to make (allowed: ${allowed.join(', ') || 'none'})` }], {
    from,
    to,
    allowed,
  });
export const ticketInputInvalid = (field: string, message: string) => invalid('TICKET_INPUT_INVALID', [{ path: ['input', field], message }]);
export const nothingToChange = () => invalid('NOTHING_TO_CHANGE', [{ path: ['input'], message: 'names nothing to change' }]);
export const noProposal = (id: string) => refuse('NO_PROPOSAL', `Vendor ticket ${id} has no proposed resolution.`);
export const resolutionAlreadyDrafted = (id: string, resolutionId: string) =>
  refuse('RESOLUTION_ALREADY_DRAFTED', `Vendor ticket ${id} already has resolution ${resolutionId}.`, { resolutionId });
export const unfinishedTicketExists = (id: string, otherId: string) =>
  refuse('UNFINISHED_TICKET_EXISTS', `Vendor ticket ${id} cannot be reopened: ticket ${otherId} of the same fault and vendor is open.`, { ticketId: otherId });
