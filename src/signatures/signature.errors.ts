import { DomainError, ErrorCode, InputError, notFound } from '../graphql/errors';
import type { SignatureStatus } from './signature-status';

export const signatureNotFound = (id: string) => notFound('Signature', id);

/**
 * A status change the state machine (signature-workflow.ts) does not allow. BAD_USER_INPUT like
 * any refused input, with `extensions.transition { from, to, allowed }` for clients to show
 * what is possible instead.
 */
export const invalidTransition = (from: SignatureStatus, to: SignatureStatus, allowed: readonly SignatureStatus[]) => {
  const instead = allowed.length ? `allowed from ${from}: ${allowed.join(', ')}` : `nothing is allowed from ${from}`;
  const message = `A signature cannot go from ${from} to ${to} by hand (${instead}).`;
  return new DomainError(ErrorCode.BAD_USER_INPUT, message, {
    fields: [{ path: ['input', 'status'], message }],
    transition: { from, to, allowed },
  });
};

export const assigneeRefused = (id: string, why: string) =>
  new InputError([{ path: ['input', 'assigneeId'], message: `cannot assign to ${id}: ${why}` }]);

export const nothingToChange = () =>
  new InputError([{ path: ['input'], message: 'give at least one of status, assigneeId or note' }]);
