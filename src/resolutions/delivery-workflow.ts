import { DeliveryState } from './resolution.enums';

const { NOTIFIED, DOWNLOADING, DOWNLOADED, INSTALLING, INSTALLED, FAILED } = DeliveryState;

/**
 * The moves a device may report for one delivery, by its current state: forward, possibly
 * skipping steps (a configuration change has nothing to download), FAILED from any unfinished
 * state, and from FAILED a new attempt. INSTALLED is final. Reporting the state a delivery is
 * already in, with the same result code, is a repeat: answered, not recorded twice.
 */
export const DELIVERY_TRANSITIONS: Readonly<Record<DeliveryState, readonly DeliveryState[]>> = {
  [NOTIFIED]: [DOWNLOADING, DOWNLOADED, INSTALLING, INSTALLED, FAILED],
  [DOWNLOADING]: [DOWNLOADED, INSTALLING, INSTALLED, FAILED],
  [DOWNLOADED]: [INSTALLING, INSTALLED, FAILED],
  [INSTALLING]: [INSTALLED, FAILED],
  [INSTALLED]: [],
  [FAILED]: [DOWNLOADING, DOWNLOADED, INSTALLING, INSTALLED],
};

export const mayMove = (from: DeliveryState, to: DeliveryState) => DELIVERY_TRANSITIONS[from].includes(to);

/** The result code of a successful update. */
export const SUCCESS = 200;

/**
 * The result codes a device may report, after OMA DM FUMO/SCOMO practice: 200 with INSTALLED,
 * one of the failures with FAILED. Another code is refused (a typo would otherwise be a new bucket
 * in the failure statistics).
 */
export const RESULT_CODES: Readonly<Record<number, string>> = {
  200: 'Successful',
  401: 'User cancelled',
  402: 'Corrupted package',
  403: 'Device mismatch',
  404: 'Package validation failed',
  410: 'Update failed',
  501: 'Out of memory on download',
  503: 'Network failure',
};

export const FAILURE_CODES = Object.keys(RESULT_CODES).map(Number).filter((code) => code !== SUCCESS);

/** The table as text, for the API's descriptions. */
export const describeResultCodes = () =>
  Object.entries(RESULT_CODES)
    .map(([code, meaning]) => `${code} ${meaning}`)
    .join(', ');
