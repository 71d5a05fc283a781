import { refusals } from '../errors/domain-error';

const { refuse } = refusals({
  WEBHOOK_DELIVERY_NOT_FOUND: 'NOT_FOUND',
});

export const deliveryNotFound = (id: string) => refuse('WEBHOOK_DELIVERY_NOT_FOUND', `Webhook delivery ${id} was not found.`);
