import { refusals } from '../errors/domain-error';

const { refuse, invalid } = refusals({
  VENDOR_NOT_FOUND: 'NOT_FOUND',
  VENDOR_NAME_TAKEN: 'CONFLICT',
  WEBHOOK_URL_NOT_ALLOWED: 'BAD_USER_INPUT',
});

export const vendorNotFound = (id: string) => refuse('VENDOR_NOT_FOUND', `Vendor ${id} was not found.`);
export const vendorNameTaken = (name: string) => refuse('VENDOR_NAME_TAKEN', `A vendor named ${name} exists.`);
export const webhookUrlNotAllowed = (problem: string) =>
  invalid('WEBHOOK_URL_NOT_ALLOWED', [{ path: ['input', 'webhookUrl'], message: problem }]);
