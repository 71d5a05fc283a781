/**
 * The GraphQL documents the tools send. The receipt selection is what a device SDK needs: the
 * status, whether it was new or a retry, and the signature's id (which the server loads to answer).
 */

export const REGISTER_DEVICE = `mutation($input: RegisterDeviceInput!) {
  registerDevice(input: $input) { token device { id } } }`;

export const SET_POLICY = `mutation($id: ID!, $input: ReportingPolicyInput!) {
  setReportingPolicy(deviceId: $id, input: $input) { id } }`;

export const CREATE_TECHNICIAN = `mutation($input: CreateUserInput!) {
  createUser(input: $input) { token user { id } } }`;

export const RECEIPT_SELECTIONS = {
  /** What the README's device example asks for, trimmed to what a device uses. */
  signature: 'status newSignature duplicate signature { id }',
  /** No field that needs the database: isolates the ingest itself. */
  status: 'status newSignature duplicate',
  /** The stored report's id, for the feed bench to match receipts with events. */
  report: 'status report { id }',
} as const;
export type ReceiptSelection = keyof typeof RECEIPT_SELECTIONS;

export const reportFault = (selection: ReceiptSelection) =>
  `mutation($input: FaultReportInput!) { reportFault(input: $input) { ${RECEIPT_SELECTIONS[selection]} } }`;

export const reportFaults = (selection: ReceiptSelection) =>
  `mutation($inputs: [FaultReportInput!]!) { reportFaults(inputs: $inputs) { ${RECEIPT_SELECTIONS[selection]} } }`;

/** The technician's list view: the newest signatures with their counts. */
export const SIGNATURE_LIST = `query($first: Int) {
  signatures(first: $first) { totalCount edges { node { id title status reportCount deviceCount lastSeenAt } } } }`;

/** The technician's detail view: one signature, why it groups, and who is hit. */
export const SIGNATURE_DETAIL = `query($id: ID!) {
  signature(id: $id) {
    id title status reportCount deviceCount firstSeenAt lastSeenAt
    components { id value contributes hint }
    breakdowns {
      byApplicationVersion { value reportCount deviceCount }
      byModel { value reportCount deviceCount }
    }
  } }`;

/** The smallest operation: measures HTTP, Express, Apollo and (with a token) the auth lookup. */
export const EMPTY_OPERATION = JSON.stringify({ query: '{ __typename }' });

export interface ReceiptData {
  status: 'STORED' | 'DUPLICATE' | 'FILTERED';
  newSignature: boolean;
  duplicate: boolean;
}
