import { refusals } from '../errors/domain-error';

const { refuse } = refusals({
  USER_NOT_FOUND: 'NOT_FOUND',
  EMAIL_TAKEN: 'CONFLICT',
  CANNOT_REVOKE_SELF: 'FORBIDDEN',
  DEVICES_ONLY: 'FORBIDDEN',
  USERS_ONLY: 'FORBIDDEN',
  AUTH_FAILURES: 'RATE_LIMITED',
});

export const userNotFound = (id: string) => refuse('USER_NOT_FOUND', `User ${id} was not found.`);
export const emailTaken = (email: string) => refuse('EMAIL_TAKEN', `A user with e-mail ${email} exists.`);
export const cannotRevokeSelf = () => refuse('CANNOT_REVOKE_SELF', 'You cannot revoke your own token.');
export const devicesOnly = () => refuse('DEVICES_ONLY', 'Only a device can do this.');
export const usersOnly = () => refuse('USERS_ONLY', 'Only a user can do this.');
export const authThrottled = (retryAfterSeconds: number) =>
  refuse('AUTH_FAILURES', `Too many failed authentications from this address; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
