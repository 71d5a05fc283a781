import { registerEnumType } from 'type-graphql';

export enum StabilityDimension {
  APPLICATION_VERSION = 'APPLICATION_VERSION',
  MODEL = 'MODEL',
  FIRMWARE = 'FIRMWARE',
}

registerEnumType(StabilityDimension, {
  name: 'StabilityDimension',
  description: 'What fleet stability is grouped by.',
  valuesConfig: {
    APPLICATION_VERSION: {
      description:
        'The version of `applicationName` (required) the device ran: each version it reported from in the window, else the version installed at its check-in; devices without the application are not counted.',
    },
    MODEL: { description: "The device's model." },
    FIRMWARE: { description: "The device's firmware version as it now stands ('unknown' when it never said)." },
  },
});
