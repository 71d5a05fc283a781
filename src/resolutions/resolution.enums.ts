import { registerEnumType } from 'type-graphql';

export enum ResolutionKind {
  APPLICATION_UPDATE = 'APPLICATION_UPDATE',
  FIRMWARE_UPDATE = 'FIRMWARE_UPDATE',
  PATCH = 'PATCH',
  CONFIGURATION = 'CONFIGURATION',
  WORKAROUND = 'WORKAROUND',
}

export enum ResolutionStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  WITHDRAWN = 'WITHDRAWN',
}

export enum DeliveryState {
  NOTIFIED = 'NOTIFIED',
  DOWNLOADING = 'DOWNLOADING',
  DOWNLOADED = 'DOWNLOADED',
  INSTALLING = 'INSTALLING',
  INSTALLED = 'INSTALLED',
  FAILED = 'FAILED',
}

registerEnumType(ResolutionKind, {
  name: 'ResolutionKind',
  description: 'What a resolution asks to be done.',
  valuesConfig: {
    APPLICATION_UPDATE: { description: 'Install a version of the application that fixes the fault (fixVersion names it).' },
    FIRMWARE_UPDATE: { description: 'Update the device firmware to a version that fixes the fault (fixVersion names the firmware version).' },
    PATCH: { description: 'Apply a bug-fix package to the installed application or firmware.' },
    CONFIGURATION: { description: 'Change a setting of the device or the application.' },
    WORKAROUND: { description: 'Avoid the fault in another way until a fix is available.' },
  },
});

registerEnumType(ResolutionStatus, {
  name: 'ResolutionStatus',
  description: 'Where a resolution is in its life: DRAFT → PUBLISHED → WITHDRAWN.',
  valuesConfig: {
    DRAFT: { description: 'Being written; editable; not given to devices.' },
    PUBLISHED: { description: 'Given to the affected, targeted devices; no longer editable.' },
    WITHDRAWN: { description: 'No longer given to devices; devices that had not installed it stop seeing it.' },
  },
});

registerEnumType(DeliveryState, {
  name: 'DeliveryState',
  description: 'Where one device is with one resolution (OMA DM FUMO/SCOMO style).',
  valuesConfig: {
    NOTIFIED: { description: 'The device was offered the resolution.' },
    DOWNLOADING: { description: 'The device is downloading its package.' },
    DOWNLOADED: { description: 'The package is on the device.' },
    INSTALLING: { description: 'The device is installing it.' },
    INSTALLED: { description: 'Installed (result code 200). Final.' },
    FAILED: { description: 'The download or installation failed (resultCode says why); the device may try again.' },
  },
});
