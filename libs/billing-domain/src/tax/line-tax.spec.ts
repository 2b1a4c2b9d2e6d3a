import { Decimal } from '@park/money';
import { buildPriceBook } from '../pricing/price-book';
import { instant } from '../testing/builders';
import { ValidationError } from '../errors/validation.error';
import { shareOfLine, taxOfLine } from './line-tax';
import { invoiceLine, invoiceStatement } from './invoicing';

const d = (s: string) => new Decimal(s);
const fmt = (t: { amountExclTax: Decimal; tax: Decimal; amountInclTax: Decimal }) =>
  [t.amountExclTax, t.tax, t.amountInclTax].map((x) => x.toFixed(2));

describe('taxOfLine: one rule per line', () => {
  it('tax-exclusive: tax = round_half_up(amount × rate), 价税合计 = amount + tax', () => {
    expect(fmt(taxOfLine(d('0.10'), d('0.06'), false))).toEqual(['0.10', '0.01', '0.11']);
    expect(fmt(taxOfLine(d('320.50'), d('0.09'), false))).toEqual(['320.50', '28.85', '349.35']);
  });

  it('tax-inclusive: 金额 = round_half_up(amount ÷ (1 + rate)), tax = amount − 金额', () => {
    expect(fmt(taxOfLine(d('1.00'), d('0.06'), true))).toEqual(['0.94', '0.06', '1.00']);
    expect(fmt(taxOfLine(d('10000.00'), d('0.06'), true))).toEqual(['9433.96', '566.04', '10000.00']);
  });

  it('a credit (negative adjustment line) is the mirror of its debit', () => {
    expect(fmt(taxOfLine(d('-1.00'), d('0.06'), true))).toEqual(['-0.94', '-0.06', '-1.00']);
    expect(fmt(taxOfLine(d('-0.10'), d('0.06'), false))).toEqual(['-0.10', '-0.01', '-0.11']);
  });

  it('a zero rate leaves the amount untaxed', () => {
    expect(fmt(taxOfLine(d('12.34'), d('0'), false))).toEqual(['12.34', '0.00', '12.34']);
  });
});

describe('shareOfLine and invoicing', () => {
  const line = taxOfLine(d('10000.00'), d('0.06'), true);

  it('a share carries the line ratio of 金额 to 价税合计; the whole line is the line', () => {
    expect(fmt(shareOfLine(line, d('3000.00')))).toEqual(['2830.19', '169.81', '3000.00']);
    expect(fmt(shareOfLine(line, d('10000.00')))).toEqual(fmt(line));
  });

  it('the tenant part is the line less the shares not invoiced to it, exactly', () => {
    const inv = invoiceLine(line, [{ programmeId: 'p', amount: d('3000.00') }], () => 'bureau_share');
    expect(fmt(inv.tenant)).toEqual(['6603.77', '396.23', '7000.00']);
    const s = invoiceStatement([inv], d('10000.00'));
    expect(fmt(s.programmes[0].bureauInvoiced)).toEqual(['2830.19', '169.81', '3000.00']);
  });

  it('refuses a split whose invoices exceed the gross, or miss part of it when every 元 must be invoiced', () => {
    const inv = invoiceLine(line, [{ programmeId: 'p', amount: d('3000.00') }], () => 'bureau_share');
    expect(() => invoiceStatement([inv], d('9999.99'))).toThrow(/invoices_within_gross/);
    expect(() => invoiceStatement([inv], d('10000.01'))).toThrow(/invoices_within_gross/);
  });
});

describe('tax terms of a price book version', () => {
  const book = (tax: object) =>
    buildPriceBook({
      id: 'b',
      versions: [{ version: 1, effectiveFrom: instant('2025-01-01T00:00:00+08:00'), prices: {}, tax }],
    });

  it('defaults to 6 %, tax-inclusive (books from before tax was data keep their amounts)', () => {
    const t = book({}).versions[0].tax;
    expect([t.taxInclusive, t.vatRate.toFixed()]).toEqual([true, '0.06']);
  });

  it('reads per-class rates and codes, and names what is wrong', () => {
    const t = book({ taxInclusive: false, vatRate: '0.06', vatRates: { network: '0.09' } }).versions[0].tax;
    expect([t.taxInclusive, t.vatRates.network?.toFixed()]).toEqual([false, '0.09']);
    const bad = { vatRate: '1.2', vatRates: { gpu: '0.06' }, taxCodes: { ai: '304' } };
    const error = (() => {
      try {
        book(bad);
        return null;
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error?.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([
        'priceBook.versions[0].tax.vatRate',
        'priceBook.versions[0].tax.vatRates.gpu',
        'priceBook.versions[0].tax.taxCodes.ai',
      ]),
    );
  });
});
