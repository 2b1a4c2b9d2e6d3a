// Who is invoiced for the voucher-paid share (programme rule `invoicing`): the tenant's 发票 and the bureau's claim
// never cover the same 元 twice; under tenant_full and bureau_share together they cover the gross exactly.
import { assembleStatement } from '../statement/assemble-statement';
import { DEFAULT_TAX_TERMS, type TaxTermsSpec } from '../tax/tax-terms';
import type { InvoicingMode } from '../tax/invoicing';
import { taxTermsOfLine } from '../pricing/price-book';
import {
  aGrant,
  aLine,
  aPriceBook,
  aProgramme,
  applyChecked,
  instant,
  LIST_PRICES,
  skuFields,
} from '../testing/builders';
import { Decimal } from '@park/money';

const run = (invoicing: InvoicingMode | undefined, tax: TaxTermsSpec = {}, amounts = ['10000.00']) => {
  const programme = aProgramme({ ratio: '0.30', ...(invoicing ? { invoicing } : {}) });
  const lines = amounts.map((amount, i) => aLine({ lineId: `l${i}`, amount, ...skuFields('h100') }));
  const r = applyChecked({
    asOf: '2025-02-03',
    tenant: { id: 't-1' },
    programmes: [programme],
    grants: [aGrant()],
    lines,
  });
  const book = aPriceBook({
    versions: [{ version: 1, effectiveFrom: instant('2024-01-01T00:00:00+08:00'), prices: LIST_PRICES, tax }],
  });
  const s = assembleStatement({
    tenantId: 't-1',
    periodId: '2025-01',
    lines,
    deductions: r.deductions,
    programmes: [programme],
    taxTerms: (l) => taxTermsOfLine(l, new Map([['list', book]]), DEFAULT_TAX_TERMS),
  });
  const bureau = s.invoicingByProgramme?.[0].bureauInvoiced;
  const covered = new Decimal(s.invoiceable?.amountInclTax ?? '0').plus(bureau?.amountInclTax ?? '0').toFixed(2);
  return { s, bureau, covered };
};

describe('scenario: invoicing the voucher-paid share (10,000.00 of AI compute at 6 % inclusive, 30 % voucher)', () => {
  it('tenant_full (the default): the tenant is invoiced for all 10,000.00; the claim carries no invoice', () => {
    for (const { s, bureau, covered } of [run(undefined), run('tenant_full')]) {
      expect(s.invoicingByProgramme?.[0].invoicing).toBe('tenant_full');
      expect(s.invoiceable).toEqual({ amountExclTax: '9433.96', tax: '566.04', amountInclTax: '10000.00' });
      expect(bureau).toEqual({ amountExclTax: '0.00', tax: '0.00', amountInclTax: '0.00' });
      expect([covered, s.totals.gross, s.totals.netPayable]).toEqual(['10000.00', '10000.00', '7000.00']);
    }
  });

  it('tenant_net: the tenant is invoiced for the 7,000.00 it pays; the 3,000.00 share is invoiced to no one', () => {
    const { s, bureau, covered } = run('tenant_net');
    expect(s.invoiceable).toEqual({ amountExclTax: '6603.77', tax: '396.23', amountInclTax: '7000.00' });
    expect(s.invoicingByProgramme?.[0].share).toEqual({
      amountExclTax: '2830.19',
      tax: '169.81',
      amountInclTax: '3000.00',
    });
    expect(bureau?.amountInclTax).toBe('0.00');
    expect(covered).toBe('7000.00');
  });

  it('bureau_share: the tenant 7,000.00 + the bureau 3,000.00 = the gross, 金额 and 税额 adding up too', () => {
    const { s, bureau, covered } = run('bureau_share');
    expect(s.invoiceable).toEqual({ amountExclTax: '6603.77', tax: '396.23', amountInclTax: '7000.00' });
    expect(bureau).toEqual({ amountExclTax: '2830.19', tax: '169.81', amountInclTax: '3000.00' });
    expect(covered).toBe(s.totals.gross);
    expect(new Decimal('6603.77').plus('2830.19').toFixed(2)).toBe(s.taxTotals?.amountExclTax);
  });

  it('a tax-exclusive book: the voucher takes 30 % of the rated 10,000.00 off the 10,600.00 owed', () => {
    const { s, bureau, covered } = run('bureau_share', { taxInclusive: false, vatRate: '0.06' });
    expect([s.totals.gross, s.totals.deductions, s.totals.netPayable]).toEqual(['10600.00', '3000.00', '7600.00']);
    expect(s.invoiceable).toEqual({ amountExclTax: '7169.81', tax: '430.19', amountInclTax: '7600.00' });
    expect(bureau).toEqual({ amountExclTax: '2830.19', tax: '169.81', amountInclTax: '3000.00' });
    expect(covered).toBe('10600.00');
  });

  it('per line: each line gives its share with its own split, and the sums still add up (never over the gross)', () => {
    const amounts = ['0.10', '0.10', '0.10', '333.33'];
    for (const mode of ['tenant_full', 'tenant_net', 'bureau_share'] as const) {
      const { s, covered } = run(mode, { taxInclusive: false, vatRate: '0.06' }, amounts);
      const lines = s.lines.map((l) => l.invoiceable);
      const sumOf = (k: 'amountExclTax' | 'tax' | 'amountInclTax') =>
        lines.reduce((acc, l) => acc.plus(l?.[k] ?? '0'), new Decimal(0)).toFixed(2);
      expect([sumOf('amountExclTax'), sumOf('tax'), sumOf('amountInclTax')]).toEqual([
        s.invoiceable?.amountExclTax,
        s.invoiceable?.tax,
        s.invoiceable?.amountInclTax,
      ]);
      expect(new Decimal(covered).lte(s.totals.gross)).toBe(true);
      if (mode !== 'tenant_net') expect(covered).toBe(s.totals.gross);
    }
  });
});
