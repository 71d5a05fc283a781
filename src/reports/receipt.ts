import { registerEnumType } from 'type-graphql';

export enum ReceiptStatus {
  STORED = 'STORED',
  DUPLICATE = 'DUPLICATE',
  FILTERED = 'FILTERED',
}

registerEnumType(ReceiptStatus, {
  name: 'ReceiptStatus',
  description: 'STORED: accepted now. DUPLICATE: this clientReportId was stored before. FILTERED: dropped by policy.',
});

/** What ingest answers for one report; the GraphQL receipt loads report and signature by id. */
export interface Receipt {
  status: ReceiptStatus;
  reportId: string | null;
  signatureId: string | null;
  newSignature: boolean;
  duplicate: boolean;
}

export const filteredReceipt = (): Receipt => ({
  status: ReceiptStatus.FILTERED,
  reportId: null,
  signatureId: null,
  newSignature: false,
  duplicate: false,
});
