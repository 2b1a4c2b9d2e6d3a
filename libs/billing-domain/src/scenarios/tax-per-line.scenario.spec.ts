// Tax as data (issue 16): each line is taxed by its price book version's terms and rounded on the line; the totals
// are sums of the lines, so they add up, even where rounding the total once would give another cent.
import { assembleStatement } from '../statement/assemble-statement';
import { DEFAULT_TAX_TERMS, type TaxTermsSpec } from '../tax/tax-terms';
import { taxTermsOfLine } from '../pricing/price-book';
import { aLine, aPriceBook, instant, LIST_PRICES, skuFields } from '../testing/builders';
import type { RatedLine } from '../rating/rated-line';

const bookWith = (tax: TaxTermsSpec) =>
  aPriceBook({
    versions: [{ version: 1, effectiveFrom: instant('2024-01-01T00:00:00+08:00'), prices: LIST_PRICES, tax }],
  });

const statementOf = (tax: TaxTermsSpec, lines: RatedLine[]) => {
  const books = new Map([['list', bookWith(tax)]]);
  return assembleStatement({
    tenantId: 't-1',
    periodId: '2025-01',
    lines,
    deductions: [],
    programmes: [],
    taxTerms: (l) => taxTermsOfLine(l, books, DEFAULT_TAX_TERMS),
  });
};
const taxOf = (s: ReturnType<typeof statementOf>) => s.lines.map((l) => [l.amountExclTax, l.tax, l.amountInclTax]);

describe('scenario: tax per line, rounded on the line', () => {
  const small = () => [
    aLine({ lineId: 'a', amount: '0.10', ...skuFields('h100') }),
    aLine({ lineId: 'b', amount: '0.10', ...skuFields('hpc'), jobType: 'other' }),
    aLine({ lineId: 'c', amount: '0.10', ...skuFields('cpu'), jobType: 'other' }),
  ];

  it('tax-exclusive 6 %: 0.10 × 6 % = 0.006 → 0.01 per line, 0.03 in all (rounding the total would give 0.02)', () => {
    const s = statementOf({ taxInclusive: false, vatRate: '0.06' }, small());
    expect(taxOf(s)).toEqual([
      ['0.10', '0.01', '0.11'],
      ['0.10', '0.01', '0.11'],
      ['0.10', '0.01', '0.11'],
    ]);
    expect(s.taxTotals).toEqual({ amountExclTax: '0.30', tax: '0.03', amountInclTax: '0.33' });
    // what the tenant owes is the 价税合计
    expect([s.totals.gross, s.totals.netPayable, s.lines[0].net]).toEqual(['0.33', '0.33', '0.11']);
  });

  it('tax-inclusive 6 %: 1.00 → 0.94 + 0.06 per line, 2.82 + 0.18 in all (3.00 ÷ 1.06 once would be 2.83)', () => {
    const lines = ['a', 'b', 'c'].map((id) => aLine({ lineId: id, amount: '1.00', ...skuFields('h100') }));
    const s = statementOf({ taxInclusive: true, vatRate: '0.06' }, lines);
    expect(taxOf(s)[0]).toEqual(['0.94', '0.06', '1.00']);
    expect(s.taxTotals).toEqual({ amountExclTax: '2.82', tax: '0.18', amountInclTax: '3.00' });
    expect([s.totals.gross, s.totals.netPayable]).toEqual(['3.00', '3.00']);
  });

  it('a book without tax settings is 6 %, tax-inclusive: the amounts of every earlier statement stay', () => {
    const s = statementOf({}, [aLine({ lineId: 'a', amount: '20000.00', ...skuFields('h100') })]);
    expect([s.lines[0].vatRate, s.lines[0].taxInclusive, s.lines[0].amount, s.lines[0].amountInclTax]).toEqual([
      '0.06',
      true,
      '20000.00',
      '20000.00',
    ]);
    expect([s.totals.gross, s.taxTotals?.amountExclTax, s.taxTotals?.tax]).toEqual(['20000.00', '18867.92', '1132.08']);
  });

  it('mixed rates: 6 % on compute, 9 % on network (a class rate of the book), each line its own', () => {
    const s = statementOf({ taxInclusive: false, vatRate: '0.06', vatRates: { network: '0.09' } }, [
      aLine({ lineId: 'gpu', amount: '20000.00', ...skuFields('h100') }),
      aLine({ lineId: 'net', amount: '320.50', ...skuFields('network'), jobType: 'other' }),
    ]);
    expect(s.lines.map((l) => [l.vatRate, l.tax, l.amountInclTax])).toEqual([
      ['0.06', '1200.00', '21200.00'],
      ['0.09', '28.85', '349.35'],
    ]);
    expect(s.taxTotals).toEqual({ amountExclTax: '20320.50', tax: '1228.85', amountInclTax: '21549.35' });
  });

  it('adjustment lines are taxed like any line, and their section subtotal is their 价税合计', () => {
    const s = statementOf({ taxInclusive: false, vatRate: '0.06' }, [
      aLine({ lineId: 'now', amount: '100.00', ...skuFields('h100'), periodId: '2025-01' }),
      aLine({ lineId: 'adj/late', amount: '50.05', ...skuFields('h100'), periodId: '2024-12', isAdjustment: true }),
    ]);
    expect(s.adjustments[0].lines[0].tax).toBe('3.00');
    expect(s.adjustments[0].subtotal).toBe('53.05');
    expect([s.totals.usage, s.totals.adjustments, s.totals.gross]).toEqual(['106.00', '53.05', '159.05']);
  });
});
