import { defineTopics, payload } from '../events/topics';

/** Reactions that must happen, written to the outbox with the change. */
export const NotificationOutbox = defineTopics({
  /** A webhook delivery is due: attempt it (retried by the outbox with the policy below). */
  WEBHOOK_DUE: payload<{ deliveryId: string }>(),
  /** An e-mail delivery is due: one attempt through the SMTP server (retried with the same policy). */
  EMAIL_DUE: payload<{ deliveryId: string }>(),
});
