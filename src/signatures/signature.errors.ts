import { refusals, type FieldProblem } from '../errors/domain-error';
import type { SignatureStatus } from './signature-status';

const { refuse, invalid } = refusals({
  SIGNATURE_NOT_FOUND: 'NOT_FOUND',
  TRANSITION_NOT_ALLOWED: 'BAD_USER_INPUT',
  ASSIGNEE_NOT_ALLOWED: 'BAD_USER_INPUT',
  NOTHING_TO_CHANGE: 'BAD_USER_INPUT',
  MUTE_INVALID: 'BAD_USER_INPUT',
  SIGNATURE_FILTER_INVALID: 'BAD_USER_INPUT',
  OCCURRENCE_RANGE_INVALID: 'BAD_USER_INPUT',
  MERGE_SOURCES_INVALID: 'BAD_USER_INPUT',
  TARGET_IS_MERGED: 'CONFLICT',
  SIGNATURE_ALREADY_MERGED: 'CONFLICT',
  SIGNATURE_NOT_MERGED: 'CONFLICT',
  MERGED_INTO_MERGED: 'CONFLICT',
  GROUPING_RULE_NOT_FOUND: 'NOT_FOUND',
  GROUPING_RULE_INVALID: 'BAD_USER_INPUT',
});

export const signatureNotFound = (id: string) => refuse('SIGNATURE_NOT_FOUND', `Signature ${id} was not found.`);

/**
 * A status change the state machine (signature-workflow.ts) does not allow. BAD_USER_INPUT like
 * any refused input, with `extensions.transition { from, to, allowed }` for clients to show
 * what is possible instead.
 */
export const invalidTransition = (from: SignatureStatus, to: SignatureStatus, allowed: readonly SignatureStatus[]) => {
  const instead = allowed.length ? `allowed from ${from}: ${allowed.join(', ')}` : `nothing is allowed from ${from}`;
  const message = `A signature cannot go from ${from} to ${to} by hand (${instead}).`;
  return invalid('TRANSITION_NOT_ALLOWED', [{ path: ['input', 'status'], message }], { transition: { from, to, allowed } });
};

export const assigneeRefused = (id: string, why: string) =>
  invalid('ASSIGNEE_NOT_ALLOWED', [{ path: ['input', 'assigneeId'], message: `cannot assign to ${id}: ${why}` }]);

export const nothingToChange = () =>
  invalid('NOTHING_TO_CHANGE', [{ path: ['input'], message: 'give at least one of status, assigneeId, muted or note' }]);

export const muteInvalid = (field: 'muted' | 'mutedUntil', message: string) => invalid('MUTE_INVALID', [{ path: ['input', field], message }]);

export const signatureFilterInvalid = (problems: FieldProblem[]) => invalid('SIGNATURE_FILTER_INVALID', problems);

export const occurrenceRangeInvalid = (problem: FieldProblem) => invalid('OCCURRENCE_RANGE_INVALID', [problem]);

export const mergeSourcesInvalid = (message: string) => invalid('MERGE_SOURCES_INVALID', [{ path: ['sourceIds'], message }]);

export const targetIsMerged = (id: string, into: string) =>
  refuse('TARGET_IS_MERGED', `Signature ${id} is itself merged into ${into}.`, { mergedInto: into });

export const alreadyMerged = (id: string, into: string) =>
  refuse('SIGNATURE_ALREADY_MERGED', `Signature ${id} is already merged into ${into}.`, { mergedInto: into });

export const notMerged = (id: string) => refuse('SIGNATURE_NOT_MERGED', `Signature ${id} is not merged.`);

export const mergedIntoMerged = (id: string, into: string) =>
  refuse('MERGED_INTO_MERGED', `Signature ${into}, which ${id} is merged into, is itself merged: unmerge it first.`, { mergedInto: into });

export const groupingRuleNotFound = (id: string) => refuse('GROUPING_RULE_NOT_FOUND', `Grouping rule ${id} was not found.`);

export const groupingRuleInvalid = (problem: FieldProblem) => invalid('GROUPING_RULE_INVALID', [problem]);
