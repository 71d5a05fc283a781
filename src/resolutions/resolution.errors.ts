import { refusals } from '../errors/domain-error';
import type { DeliveryState, ResolutionStatus } from './resolution.enums';

const { refuse, invalid } = refusals({
  RESOLUTION_NOT_FOUND: 'NOT_FOUND',
  RESOLUTION_SIGNATURES_INVALID: 'BAD_USER_INPUT',
  RESOLUTION_TARGET_INVALID: 'BAD_USER_INPUT',
  RESOLUTION_NOT_DRAFT: 'CONFLICT',
  RESOLUTION_ALREADY_PUBLISHED: 'CONFLICT',
  RESOLUTION_NOT_PUBLISHED: 'CONFLICT',
  NOTHING_TO_CHANGE: 'BAD_USER_INPUT',
  DELIVERY_NOT_FOUND: 'NOT_FOUND',
  DELIVERY_TRANSITION_NOT_ALLOWED: 'BAD_USER_INPUT',
  RESULT_CODE_UNKNOWN: 'BAD_USER_INPUT',
  RESULT_CODE_INVALID: 'BAD_USER_INPUT',
});

export const resolutionNotFound = (id: string) => refuse('RESOLUTION_NOT_FOUND', `Resolution ${id} was not found.`);

/** Signatures a resolution cannot answer: unknown ones, or ones merged into another (answer their target). */
export const signaturesInvalid = (path: string, message: string, details: Record<string, unknown> = {}) =>
  invalid('RESOLUTION_SIGNATURES_INVALID', [{ path: ['input', path], message }], details);

export const targetInvalid = (field: string, message: string) => invalid('RESOLUTION_TARGET_INVALID', [{ path: ['input', 'target', field], message }]);

/** Only a draft can be edited: a published resolution is what devices were told. */
export const notDraft = (id: string, status: ResolutionStatus) =>
  refuse('RESOLUTION_NOT_DRAFT', `Resolution ${id} is ${status}: only a DRAFT can be edited.`, { status });

export const alreadyPublished = (id: string, status: ResolutionStatus) =>
  refuse('RESOLUTION_ALREADY_PUBLISHED', `Resolution ${id} is ${status}: only a DRAFT can be published.`, { status });

export const notPublished = (id: string, status: ResolutionStatus) =>
  refuse('RESOLUTION_NOT_PUBLISHED', `Resolution ${id} is ${status}: only a PUBLISHED resolution can be withdrawn.`, { status });

export const nothingToChange = () => invalid('NOTHING_TO_CHANGE', [{ path: ['input'], message: 'give at least one field to change' }]);

/** The device was never offered this resolution (or it does not exist: the device cannot tell, and need not). */
export const deliveryNotFound = (resolutionId: string) =>
  refuse('DELIVERY_NOT_FOUND', `This device was not offered resolution ${resolutionId}.`, { resolutionId });

export const deliveryMoveRefused = (from: DeliveryState, to: DeliveryState, allowed: readonly DeliveryState[]) => {
  const instead = allowed.length ? `allowed from ${from}: ${allowed.join(', ')}` : `${from} is final`;
  return invalid('DELIVERY_TRANSITION_NOT_ALLOWED', [{ path: ['input', 'state'], message: `cannot go from ${from} to ${to} (${instead})` }], {
    transition: { from, to, allowed },
  });
};

export const resultCodeUnknown = (code: number, known: readonly number[]) =>
  invalid('RESULT_CODE_UNKNOWN', [{ path: ['input', 'resultCode'], message: `${code} is not a known result code (known: ${known.join(', ')})` }], {
    known,
  });

export const resultCodeInvalid = (message: string) => invalid('RESULT_CODE_INVALID', [{ path: ['input', 'resultCode'], message }]);
