import { Decimal, parseDecimal, sum, tryParse, type DecimalInput } from '@park/money';
import type { ValidationIssue } from '../errors/validation.error';

/**
 * A statement's settlement (issue 16 item 3): the invoices issued against it and the payments received for it.
 *
 *   balance       = payable − Σ amount of the payments not reversed
 *   invoicedTotal = Σ amountInclTax of the invoices not voided          (at most `invoiceable`)
 *   paid          ⇔ balance = 0 exactly, after at least one payment or with nothing payable (from the issue on:
 *                   `statusAtIssue`)
 *
 * A payment is refused when it is not positive or exceeds the balance (overpayment: no credit is kept; the
 * operator records what the statement asks for). Reversing a payment re-opens the balance; voiding an invoice
 * frees its amount for a new one.
 */

export const INVOICE_TYPES = ['digital', 'special', 'ordinary'] as const;
export type InvoiceType = (typeof INVOICE_TYPES)[number];

/** Chinese first, the names finance departments use. */
export const INVOICE_TYPE_LABELS: Readonly<Record<InvoiceType, string>> = {
  digital: '数电票 (全面数字化的电子发票)',
  special: '增值税专用发票 (专票)',
  ordinary: '增值税普通发票 (普票)',
};

export interface SettlementInvoice {
  readonly amountInclTax: DecimalInput;
  readonly voided: boolean;
}

export interface SettlementPayment {
  readonly amount: DecimalInput;
  readonly reversed: boolean;
}

export interface SettlementInput {
  /** What the tenant is to pay (today the statement's net payable). */
  readonly payable: DecimalInput;
  /** What the tenant is to be invoiced (the statement's `invoiceable`; see libs/billing invoiceableOf). */
  readonly invoiceable: DecimalInput;
  readonly invoices: readonly SettlementInvoice[];
  readonly payments: readonly SettlementPayment[];
}

export interface Settlement {
  readonly payable: Decimal;
  readonly invoiceable: Decimal;
  readonly paidTotal: Decimal;
  readonly balance: Decimal;
  readonly invoicedTotal: Decimal;
  /** invoiceable − invoicedTotal: what may still be invoiced. */
  readonly uninvoiced: Decimal;
  readonly paid: boolean;
}

export function settlementOf(input: SettlementInput): Settlement {
  const payable = parseDecimal(input.payable, { allowNegative: true, label: 'payable' });
  const invoiceable = parseDecimal(input.invoiceable, { allowNegative: true, label: 'invoiceable' });
  const live = input.payments.filter((p) => !p.reversed).map((p) => parseDecimal(p.amount, { label: 'payment' }));
  const paidTotal = sum(live);
  const invoicedTotal = sum(input.invoices.filter((i) => !i.voided).map((i) => parseDecimal(i.amountInclTax)));
  const balance = payable.minus(paidTotal);
  return {
    payable,
    invoiceable,
    paidTotal,
    balance,
    invoicedTotal,
    uninvoiced: invoiceable.minus(invoicedTotal),
    paid: balance.isZero(),
  };
}

/**
 * A statement's status from its issue: `paid` when it asks for nothing (net payable 0.00: vouchers and credits cover
 * it, or it bills nothing), by the paid rule above with no payment; `issued` otherwise. Without this a statement a
 * credit settled would read unpaid for ever (no payment can be recorded against a balance of 0.00), and the claims of
 * a reimbursed programme, which wait for paid statements, would never take it.
 */
export function statusAtIssue(netPayable: DecimalInput): 'issued' | 'paid' {
  const settlement = settlementOf({ payable: netPayable, invoiceable: netPayable, invoices: [], payments: [] });
  return settlement.paid ? 'paid' : 'issued';
}

/** Why a payment cannot be recorded against this settlement (null: it can). */
export type PaymentRefusal =
  | { readonly reason: 'not_positive'; readonly message: string }
  | { readonly reason: 'overpayment'; readonly message: string };

export function paymentRefusal(settlement: Settlement, amount: Decimal): PaymentRefusal | null {
  if (!amount.isPositive() || amount.isZero())
    return { reason: 'not_positive', message: `a payment is a positive amount, not ${amount.toFixed(2)}` };
  if (amount.greaterThan(settlement.balance))
    return {
      reason: 'overpayment',
      message: `payment ${amount.toFixed(2)} exceeds the statement's balance ${settlement.balance.toFixed(2)}`,
    };
  return null;
}

/** Why an invoice of this amount (incl. tax) cannot be recorded (null: it can): the invoiced total would exceed. */
export function invoiceRefusal(settlement: Settlement, amountInclTax: Decimal): string | null {
  if (amountInclTax.greaterThan(settlement.uninvoiced))
    return (
      `invoice ${amountInclTax.toFixed(2)} would take the invoiced total over ${settlement.invoiceable.toFixed(2)} ` +
      `(${settlement.invoicedTotal.toFixed(2)} invoiced already)`
    );
  return null;
}

export interface InvoiceAmounts {
  readonly amountExclTax: Decimal;
  readonly tax: Decimal;
  readonly amountInclTax: Decimal;
}

/**
 * Parses an invoice's three amounts (元, 2 decimals, not negative; incl. tax positive) and checks
 * excl. tax + tax = incl. tax exactly. Every problem is reported; `amounts` is null when there is one.
 */
export function checkInvoiceAmounts(input: { amountExclTax: string; tax: string; amountInclTax: string }): {
  amounts: InvoiceAmounts | null;
  issues: ValidationIssue[];
} {
  const issues: ValidationIssue[] = [];
  const read = (field: keyof typeof input): Decimal | null => {
    const parsed = tryParse((v) => parseDecimal(v, { maxDecimals: 2, label: field }), input[field]);
    if (!parsed.ok) issues.push({ path: field, message: parsed.error });
    return parsed.ok ? parsed.value : null;
  };
  const [amountExclTax, tax, amountInclTax] = [read('amountExclTax'), read('tax'), read('amountInclTax')];
  if (!amountExclTax || !tax || !amountInclTax) return { amounts: null, issues };
  if (amountInclTax.isZero()) issues.push({ path: 'amountInclTax', message: 'an invoice is a positive amount' });
  if (!amountExclTax.plus(tax).equals(amountInclTax))
    issues.push({
      path: 'amountInclTax',
      message: `excl. tax + tax = ${amountExclTax.plus(tax).toFixed(2)}, not ${amountInclTax.toFixed(2)}`,
    });
  return { amounts: issues.length === 0 ? { amountExclTax, tax, amountInclTax } : null, issues };
}

/** What a stored invoice file is, by its first bytes: PDF (%PDF-) or OFD (a zip, PK\x03\x04); null: neither. */
export function invoiceFileType(content: Uint8Array): 'application/pdf' | 'application/ofd' | null {
  const starts = (magic: number[]) => magic.every((byte, i) => content[i] === byte);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (starts([0x50, 0x4b, 0x03, 0x04])) return 'application/ofd';
  return null;
}
