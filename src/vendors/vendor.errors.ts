import { refusals } from '../errors/domain-error';

const { refuse, invalid } = refusals({
  VENDOR_NOT_FOUND: 'NOT_FOUND',
  VENDOR_NAME_TAKEN: 'CONFLICT',
  WEBHOOK_URL_NOT_ALLOWED: 'BAD_USER_INPUT',
  /** The id names no user, or a user who is not a vendor's (operator staff are not managed here). */
  VENDOR_USER_NOT_FOUND: 'NOT_FOUND',
  /** A disabled vendor user gets no new token: they stay disabled (create a new user instead). */
  VENDOR_USER_DISABLED: 'CONFLICT',
});

export const vendorNotFound = (id: string) => refuse('VENDOR_NOT_FOUND', `Vendor ${id} was not found.`);
export const vendorNameTaken = (name: string) => refuse('VENDOR_NAME_TAKEN', `A vendor named ${name} exists.`);
export const webhookUrlNotAllowed = (problem: string) =>
  invalid('WEBHOOK_URL_NOT_ALLOWED', [{ path: ['input', 'webhookUrl'], message: problem }]);
export const vendorUserNotFound = (id: string) => refuse('VENDOR_USER_NOT_FOUND', `No vendor user has the id ${id}.`);
export const vendorUserDisabled = (id: string) =>
  refuse('VENDOR_USER_DISABLED', `Vendor user ${id} is disabled; a disabled user gets no new token.`);
