import { refusals } from '../errors/domain-error';

const { refuse, invalid } = refusals({
  ALERT_RULE_NOT_FOUND: 'NOT_FOUND',
  ALERT_CONDITION_INVALID: 'BAD_USER_INPUT',
  ALERT_CHANNEL_INVALID: 'BAD_USER_INPUT',
});

export const alertRuleNotFound = (id: string) => refuse('ALERT_RULE_NOT_FOUND', `Alert rule ${id} was not found.`);
export const conditionInvalid = (field: string, message: string) => invalid('ALERT_CONDITION_INVALID', [{ path: ['input', 'condition', field], message }]);
export const channelInvalid = (index: number, field: string, message: string) =>
  invalid('ALERT_CHANNEL_INVALID', [{ path: ['input', 'channels', index, field], message }]);
