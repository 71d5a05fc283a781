import { defineModule } from '../app/module';
import { OutboxEventRow } from './outbox-event.entity';
import { OutboxResolver } from './outbox.resolver';

/** The admin's view of the transactional outbox (the dispatcher itself is plumbing: events/outbox.ts). */
export const outboxModule = defineModule({
  name: 'outbox',
  entities: [OutboxEventRow],
  resolvers: [OutboxResolver],
});
