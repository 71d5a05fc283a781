import { registerEnumType } from 'type-graphql';

export enum AlertConditionKind {
  NEW_SIGNATURE = 'NEW_SIGNATURE',
  REGRESSION = 'REGRESSION',
  SPIKE = 'SPIKE',
  RESOLUTION_FAILURE_RATE = 'RESOLUTION_FAILURE_RATE',
}

export enum AlertChannelKind {
  WEBHOOK = 'WEBHOOK',
  EMAIL = 'EMAIL',
}

registerEnumType(AlertConditionKind, {
  name: 'AlertConditionKind',
  description: 'What makes an alert rule fire.',
  valuesConfig: {
    NEW_SIGNATURE: { description: 'A fault never seen before (optionally only from applicationName, at or above minSeverity).' },
    REGRESSION: { description: 'A fault a published resolution should have fixed was reported again (the signature became REGRESSED).' },
    SPIKE: { description: 'More than minReports reports or minDevices devices within windowMinutes, or baselineFactor times the usual rate.' },
    RESOLUTION_FAILURE_RATE: { description: "A resolution's installs fail above failureRate once minOutcomes outcomes exist." },
  },
});

registerEnumType(AlertChannelKind, {
  name: 'AlertChannelKind',
  description: 'Where an alert goes.',
  valuesConfig: {
    WEBHOOK: { description: 'A signed POST of `alert.fired` to url (DOMAIN.md, Webhooks), with secret.' },
    EMAIL: { description: 'An e-mail to the addresses in `to`, through FAULTBASE_SMTP_URL.' },
  },
});
