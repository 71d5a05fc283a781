import { refusals, type FieldProblem } from '../errors/domain-error';

const { refuse, invalid } = refusals({
  WEBHOOK_DELIVERY_NOT_FOUND: 'NOT_FOUND',
  EMAIL_RECIPIENTS_INVALID: 'BAD_USER_INPUT',
});

export const deliveryNotFound = (id: string) => refuse('WEBHOOK_DELIVERY_NOT_FOUND', `Webhook delivery ${id} was not found.`);

/** Recipients that are not plain addresses, by their index in `to` (`to.2`), or too many or none. */
export const recipientsInvalid = (problems: FieldProblem[]) => invalid('EMAIL_RECIPIENTS_INVALID', problems);
