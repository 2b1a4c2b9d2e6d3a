// A statement of 10,000.00 paid in three parts, invoiced in two; the balance and the paid rule (issue 16 item 3).
import { Decimal } from '@park/money';
import {
  checkInvoiceAmounts,
  invoiceFileType,
  invoiceRefusal,
  paymentRefusal,
  settlementOf,
  type SettlementInvoice,
  type SettlementPayment,
} from '../statement/settlement';

const payable = '10000.00';
const settle = (payments: SettlementPayment[], invoices: SettlementInvoice[] = []) =>
  settlementOf({ payable, invoiceable: payable, payments, invoices });
const paid = (amount: string, reversed = false): SettlementPayment => ({ amount, reversed });
const amounts = (s: ReturnType<typeof settle>) => [s.paidTotal.toFixed(2), s.balance.toFixed(2), s.paid];

describe('scenario: partial payments', () => {
  it('3,000.00 + 4,000.00 + 3,000.00: the balance falls to 0.00 exactly, and only then is the statement paid', () => {
    expect(amounts(settle([]))).toEqual(['0.00', '10000.00', false]);
    expect(amounts(settle([paid('3000.00')]))).toEqual(['3000.00', '7000.00', false]);
    expect(amounts(settle([paid('3000.00'), paid('4000.00')]))).toEqual(['7000.00', '3000.00', false]);
    expect(amounts(settle([paid('3000.00'), paid('4000.00'), paid('3000.00')]))).toEqual(['10000.00', '0.00', true]);
  });

  it('a payment over the balance is refused as an overpayment; the balance itself is accepted to the 分', () => {
    const s = settle([paid('3000.00'), paid('4000.00')]);
    expect(paymentRefusal(s, new Decimal('3000.01'))).toEqual({
      reason: 'overpayment',
      message: "payment 3000.01 exceeds the statement's balance 3000.00",
    });
    expect(paymentRefusal(s, new Decimal('3000.00'))).toBeNull();
    expect(paymentRefusal(s, new Decimal('0.01'))).toBeNull();
    expect(paymentRefusal(settle([paid('10000.00')]), new Decimal('0.01'))?.reason).toBe('overpayment');
  });

  it('zero and negative payments are refused (a reversal is its own operation)', () => {
    expect(paymentRefusal(settle([]), new Decimal('0'))?.reason).toBe('not_positive');
    expect(paymentRefusal(settle([]), new Decimal('-5.00'))?.reason).toBe('not_positive');
  });

  it('reversing a payment re-opens the balance: paid → 4,000.00 due again', () => {
    const all = [paid('3000.00'), paid('4000.00', true), paid('3000.00')];
    expect(amounts(settle(all))).toEqual(['6000.00', '4000.00', false]);
    expect(paymentRefusal(settle(all), new Decimal('4000.00'))).toBeNull();
  });

  it('a statement with nothing payable is paid without a payment, and takes none', () => {
    const nothing = settlementOf({ payable: '0.00', invoiceable: '0.00', payments: [], invoices: [] });
    expect([nothing.balance.toFixed(2), nothing.paid]).toEqual(['0.00', true]);
    expect(paymentRefusal(nothing, new Decimal('1.00'))?.reason).toBe('overpayment');
  });
});

describe('scenario: invoices against a statement', () => {
  it('excl. tax 8,849.56 + tax 1,150.44 = incl. tax 10,000.00 (13 %) is accepted; a 分 off is refused by name', () => {
    const ok = checkInvoiceAmounts({ amountExclTax: '8849.56', tax: '1150.44', amountInclTax: '10000.00' });
    expect(ok.issues).toEqual([]);
    expect(ok.amounts?.amountInclTax.toFixed(2)).toBe('10000.00');
    const off = checkInvoiceAmounts({ amountExclTax: '8849.56', tax: '1150.43', amountInclTax: '10000.00' });
    expect(off).toEqual({
      amounts: null,
      issues: [{ path: 'amountInclTax', message: 'excl. tax + tax = 9999.99, not 10000.00' }],
    });
  });

  it('reports every malformed amount at once (three decimals, negative, zero total)', () => {
    const bad = checkInvoiceAmounts({ amountExclTax: '1.001', tax: '-1.00', amountInclTax: '0' });
    expect(bad.issues.map((i) => i.path)).toEqual(['amountExclTax', 'tax']);
    const zero = checkInvoiceAmounts({ amountExclTax: '0.00', tax: '0.00', amountInclTax: '0.00' });
    expect(zero.issues).toEqual([{ path: 'amountInclTax', message: 'an invoice is a positive amount' }]);
  });

  it('the invoiced total may not exceed the invoiceable amount; a voided invoice frees its amount', () => {
    const six: SettlementInvoice = { amountInclTax: '6000.00', voided: false };
    const s = settle([], [six]);
    expect([s.invoicedTotal.toFixed(2), s.uninvoiced.toFixed(2)]).toEqual(['6000.00', '4000.00']);
    expect(invoiceRefusal(s, new Decimal('4000.00'))).toBeNull();
    expect(invoiceRefusal(s, new Decimal('4000.01'))).toBe(
      'invoice 4000.01 would take the invoiced total over 10000.00 (6000.00 invoiced already)',
    );
    const voided = settle([], [{ ...six, voided: true }]);
    expect(invoiceRefusal(voided, new Decimal('10000.00'))).toBeNull();
  });

  it('an invoice file is a PDF (%PDF-) or an OFD (zip), told by its first bytes', () => {
    expect(invoiceFileType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(invoiceFileType(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14]))).toBe('application/ofd');
    expect(invoiceFileType(Buffer.from('<html>'))).toBeNull();
    expect(invoiceFileType(Buffer.from('%PD'))).toBeNull();
  });
});
