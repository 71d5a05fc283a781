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
  /** Published resolutions that target the device for this fault and it has not installed. */
  resolutionIds: string[];
}

export const filteredReceipt = (): Receipt => ({
  status: ReceiptStatus.FILTERED,
  reportId: null,
  signatureId: null,
  newSignature: false,
  duplicate: false,
  resolutionIds: [],
});

/** A newly stored report's receipt, with when it was received (for its event) and whether it regressed its signature. */
export type StoredReceipt = Receipt & { reportId: string; signatureId: string; receivedAt: Date; regressed: boolean };

/** A row INGEST_REPORTS returns: one per report it inserted. */
export interface IngestRow {
  [key: string]: unknown;
  report_id: string;
  client_report_id: string;
  signature_id: string;
  received_at: Date | string;
  created: boolean;
  regressed: boolean;
  resolution_ids: string[];
}

/** Receipts of the rows the statement inserted, by input index; a new signature is "new" on its first report only. */
export function storedByIndex(batch: readonly { index: number; input: { clientReportId: string } }[], rows: IngestRow[]): Map<number, StoredReceipt> {
  const byClientId = new Map(rows.map((r) => [r.client_report_id, r]));
  const receipts = new Map<number, StoredReceipt>();
  const announced = new Set<string>();
  // In request order, so that "new" goes to the first report of a signature the request opened.
  for (const p of [...batch].sort((a, b) => a.index - b.index)) {
    const row = byClientId.get(p.input.clientReportId);
    if (!row) continue;
    const newSignature = row.created === true && !announced.has(row.signature_id);
    if (newSignature) announced.add(row.signature_id);
    receipts.set(p.index, {
      status: ReceiptStatus.STORED,
      reportId: row.report_id,
      signatureId: row.signature_id,
      newSignature,
      duplicate: false,
      resolutionIds: row.resolution_ids,
      // The ORM's connection (shared on the embedded database) returns timestamps as strings.
      receivedAt: new Date(row.received_at),
      regressed: row.regressed === true,
    });
  }
  return receipts;
}

/** The receipt of a retry: the stored report it repeats. */
export function duplicateReceipt(row: { id: string; signature_id: string; resolution_ids: string[] } | undefined): Receipt {
  // The conflicting insert waited for the stored report's transaction, so the row is there.
  if (!row) throw new Error('a duplicate report was not found after its conflict');
  return {
    status: ReceiptStatus.DUPLICATE,
    reportId: row.id,
    signatureId: row.signature_id,
    newSignature: false,
    duplicate: true,
    resolutionIds: row.resolution_ids,
  };
}
