import { refusals } from '../errors/domain-error';

const { refuse, invalid } = refusals({
  DEVICE_NOT_FOUND: 'NOT_FOUND',
  SERIAL_ALREADY_REGISTERED: 'CONFLICT',
  DEVICE_FILTER_INVALID: 'BAD_USER_INPUT',
  CHECK_IN_INVALID: 'BAD_USER_INPUT',
});

export const deviceNotFound = (id: string) => refuse('DEVICE_NOT_FOUND', `Device ${id} was not found.`);
export const serialAlreadyRegistered = (manufacturer: string, serial: string) =>
  refuse('SERIAL_ALREADY_REGISTERED', `An active ${manufacturer} device with serial number ${serial} is already registered; revoke it first.`);
export const lastSeenRangeInverted = () =>
  invalid('DEVICE_FILTER_INVALID', [{ path: ['filter', 'lastSeenFrom'], message: 'must not be after lastSeenTo' }]);
export const checkInInvalid = (path: (string | number)[], message: string) => invalid('CHECK_IN_INVALID', [{ path: ['input', ...path], message }]);
