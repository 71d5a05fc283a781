import { registerEnumType } from 'type-graphql';

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
  SKIPPED = 'SKIPPED',
}

/** How a delivery travels: one log for both, so that admins read one list, with one retry. */
export enum NotificationChannel {
  WEBHOOK = 'WEBHOOK',
  EMAIL = 'EMAIL',
}

registerEnumType(NotificationChannel, {
  name: 'NotificationChannel',
  description: 'How a delivery travels.',
  valuesConfig: {
    WEBHOOK: { description: 'A signed JSON POST to the receiver\'s URL.' },
    EMAIL: { description: 'An e-mail through the SMTP server (FAULTBASE_SMTP_URL) to the recipients in its `mailto:` url.' },
  },
});

registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'Where a delivery (webhook or e-mail) is.',
  valuesConfig: {
    PENDING: { description: 'Not delivered yet: waiting for its first attempt or its next retry (nextAttemptAt).' },
    DELIVERED: { description: 'The receiver answered 2xx; for an e-mail, the SMTP server accepted it.' },
    FAILED: { description: 'Every attempt failed, or the SMTP server refused the e-mail for good (a 5xx reply); tried again only when an admin retries it.' },
    SKIPPED: { description: 'Not sent: the receiver has no URL or no secret any more, or is disabled (lastError says which).' },
  },
});
