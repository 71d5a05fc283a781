import { defineTopics, payload } from '../events/topics';

/** Reactions that must happen, written to the outbox with the change. */
export const NotificationOutbox = defineTopics({
  /** A webhook delivery is due: attempt it (retried by the outbox with the policy below). */
  WEBHOOK_DUE: payload<{ deliveryId: string }>(),
});
