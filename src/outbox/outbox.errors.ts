import { refusals } from '../errors/domain-error';

const { refuse } = refusals({
  OUTBOX_EVENT_NOT_FOUND: 'NOT_FOUND',
  OUTBOX_EVENT_NOT_DEAD: 'CONFLICT',
});

export const outboxEventNotFound = (id: string) => refuse('OUTBOX_EVENT_NOT_FOUND', `Outbox event ${id} was not found.`);
export const outboxEventNotDead = (id: string, state: string) =>
  refuse('OUTBOX_EVENT_NOT_DEAD', `Outbox event ${id} is ${state}: only a DEAD event can be retried.`, { state });
