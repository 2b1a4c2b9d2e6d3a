import { INVOICE_TYPE_LABELS, settlementOf, type InvoiceType, type Settlement } from '@park/billing-domain';
import type { InvoiceRow, PaymentRow } from './settlement.repository';

type Amount = { toFixed(): string } | string;
const text = (a: Amount): string => (typeof a === 'string' ? a : a.toFixed());

/**
 * What the tenant is to be invoiced for a statement: the one place the invoice limit is read. The statement's
 * `invoiceable` (its 价税合计 less any voucher share the programme invoices to the bureau or to no one, issue 16
 * item 1); a statement issued before tax was data has none, and its net payable stands in.
 */
export function invoiceableOf(statement: { netPayable: Amount; invoiceable?: Amount | null }): string {
  return text(statement.invoiceable ?? statement.netPayable);
}

/** The settlement of a statement from its rows (see billing-domain statement/settlement.ts). */
export function settlementOfRows(
  statement: { netPayable: Amount; invoiceable?: Amount | null },
  invoices: readonly InvoiceRow[],
  payments: readonly PaymentRow[],
): Settlement {
  return settlementOf({
    payable: text(statement.netPayable),
    invoiceable: invoiceableOf(statement),
    invoices: invoices.map((i) => ({ amountInclTax: i.amountInclTax.toFixed(), voided: i.voided })),
    payments: payments.map((p) => ({ amount: p.amount.toFixed(), reversed: p.reversed })),
  });
}

/** The amounts of a settlement as 2-dp strings, as the statement read and the lists show them. */
export function settlementTotals(s: Settlement) {
  return {
    payable: s.payable.toFixed(2),
    invoiceable: s.invoiceable.toFixed(2),
    paidTotal: s.paidTotal.toFixed(2),
    balance: s.balance.toFixed(2),
    invoicedTotal: s.invoicedTotal.toFixed(2),
  };
}

/** An invoice as the API shows it: the file's type, digest and size, never its bytes. */
export function invoiceView(i: InvoiceRow) {
  return {
    id: i.id,
    statementId: i.statementId,
    tenantId: i.tenantId,
    type: i.type as InvoiceType,
    typeLabel: INVOICE_TYPE_LABELS[i.type as InvoiceType],
    number: i.number,
    issuedOn: i.issuedOn,
    amountExclTax: i.amountExclTax.toFixed(2),
    tax: i.tax.toFixed(2),
    amountInclTax: i.amountInclTax.toFixed(2),
    file:
      i.fileContent && i.fileContentType && i.fileSha256
        ? { contentType: i.fileContentType, sha256: i.fileSha256, size: i.fileContent.length }
        : null,
    voided: i.voided,
    voidReason: i.voidReason,
    voidedAt: i.voidedAt,
    voidedBy: i.voidedBy,
    createdBy: i.createdBy,
    createdAt: i.createdAt,
  };
}

export function paymentView(p: PaymentRow) {
  return {
    id: p.id,
    statementId: p.statementId,
    tenantId: p.tenantId,
    receivedOn: p.receivedOn,
    amount: p.amount.toFixed(2),
    bankReference: p.bankReference,
    payer: p.payer,
    reversed: p.reversed,
    reversalReason: p.reversalReason,
    reversedAt: p.reversedAt,
    reversedBy: p.reversedBy,
    createdBy: p.createdBy,
    createdAt: p.createdAt,
  };
}

export type InvoiceView = ReturnType<typeof invoiceView>;
export type PaymentView = ReturnType<typeof paymentView>;

/** The audit log's canonical form of an invoice (no bytes: the file's digest stands for it). */
export function invoiceAudit(i: InvoiceRow) {
  const { file, typeLabel: _label, createdAt: _at, voidedAt: _voidedAt, ...rest } = invoiceView(i);
  return { ...rest, file: file ? { contentType: file.contentType, sha256: file.sha256 } : null };
}

export function paymentAudit(p: PaymentRow) {
  const { createdAt: _at, reversedAt: _reversedAt, ...rest } = paymentView(p);
  return rest;
}
