import { sha256, type EvidenceFile } from './evidence-document';

/** A 发票 the operator recorded against a claim line's statement (statement_invoices), with its PDF or OFD file. */
export interface RecordedInvoice {
  readonly id: string;
  readonly statementId: string;
  readonly tenantId: string;
  readonly type: string;
  readonly number: string;
  readonly contentType: string;
  readonly content: Buffer;
}

const EXTENSIONS: Readonly<Record<string, string>> = { 'application/pdf': 'pdf', 'application/ofd': 'ofd' };

/**
 * A recorded invoice's file name in the pack: flat and lower-case (the evidence download route takes one path segment
 * of [a-z0-9._-]), naming the statement, the invoice's type and its number.
 */
export const recordedInvoiceName = (i: Pick<RecordedInvoice, 'statementId' | 'type' | 'number' | 'contentType'>) =>
  `invoice-${i.statementId}-${i.type}-${i.number.toLowerCase().replace(/[^0-9a-z_-]/g, '_')}.` +
  (EXTENSIONS[i.contentType] ?? 'bin');

/**
 * The recorded invoices' files as the pack carries them: copied in when the claim is submitted, so that the pack
 * verifies on its own and a later change to any of its bytes is named like any other file's.
 */
export function recordedInvoiceFiles(invoices: readonly RecordedInvoice[]): (EvidenceFile & RecordedInvoice)[] {
  return invoices.map((i) => ({ ...i, name: recordedInvoiceName(i), sha256: sha256(i.content) }));
}
