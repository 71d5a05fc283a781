import { registerEnumType } from 'type-graphql';

export enum ReceiptStatus {
  STORED = 'STORED',
  DUPLICATE = 'DUPLICATE',
  FILTERED = 'FILTERED',
}

registerEnumType(ReceiptStatus, {
  name: 'ReceiptStatus',
  description: 'STORED: accepted now. DUPLICATE: this clientReportId was stored before. FILTERED: dropped by policy.',
  valuesConfig: {
    STORED: { description: 'The report was stored now and counted in its signature.' },
    DUPLICATE: {
      description: "This device's clientReportId was stored before (a retry): the receipt names the stored report, nothing is counted again.",
    },
    FILTERED: { description: "The report was below the device policy's minSeverity: nothing was stored, report and signature are null." },
  },
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
