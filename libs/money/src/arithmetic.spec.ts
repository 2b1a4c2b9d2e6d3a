import fc from 'fast-check';
import {
  Decimal,
  allocateByWeights,
  clampAtZero,
  compare,
  formatAmount,
  formatDecimal,
  formatMoney,
  formatUnitPrice,
  max,
  min,
  sum,
} from './index';

const d = (s: string) => new Decimal(s);

describe('arithmetic and formatting', () => {
  it('sums exactly where floats would not', () => {
    expect(sum([d('0.1'), d('0.2')]).toFixed()).toBe('0.3');
    expect(sum([]).toFixed()).toBe('0');
  });

  it('compares', () => {
    expect(min(d('3'), d('1.5'), d('2')).toFixed()).toBe('1.5');
    expect(max(d('3'), d('1.5'), d('4')).toFixed()).toBe('4');
    expect([d('2'), d('-1'), d('1')].sort(compare).map((x) => x.toFixed())).toEqual(['-1', '1', '2']);
    expect(clampAtZero(d('-0.01')).toFixed()).toBe('0');
  });

  it('formats amounts to exactly 2 decimals and refuses to round silently', () => {
    expect(formatAmount(d('1234.5'))).toBe('1234.50');
    expect(formatAmount(d('-0'))).toBe('0.00');
    expect(formatAmount(d('120000'))).toBe('120000.00');
    expect(() => formatAmount(d('0.001'))).toThrow('more than 2 decimals');
    expect(formatDecimal(d('1e-20'))).toBe('0.00000000000000000001');
    expect(formatDecimal(d('2').dividedBy(3), 6)).toBe('0.666667');
    expect(formatUnitPrice(d('3.5'))).toBe('3.50');
    expect(formatUnitPrice(d('0.000125'))).toBe('0.000125');
  });

  it('shows money in views with two decimals, keeping an unrounded value whole', () => {
    expect(formatMoney(d('2000000'))).toBe('2000000.00');
    expect(formatMoney(d('-12.5'))).toBe('-12.50');
    expect(formatMoney(d('33.333333'))).toBe('33.333333');
  });

  it('allocates co-funding shares exactly, remainder to the first', () => {
    expect(allocateByWeights(d('100.01'), [d('1'), d('1')]).map((x) => x.toFixed(2))).toEqual(['50.01', '50.00']);
    expect(allocateByWeights(d('0.01'), [d('1'), d('1'), d('1')]).map((x) => x.toFixed(2))).toEqual([
      '0.01',
      '0.00',
      '0.00',
    ]);
    expect(allocateByWeights(d('10.00'), [d('1'), d('2')]).map((x) => x.toFixed(2))).toEqual(['3.34', '6.66']);
    expect(() => allocateByWeights(d('1'), [])).toThrow(RangeError);
    expect(() => allocateByWeights(d('1'), [d('0')])).toThrow(RangeError);
  });

  it('allocation always sums to the whole with 2-dp parts (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 5 }).filter((w) => w.some((x) => x > 0)),
        (fen, weights) => {
          const amount = new Decimal(fen.toString()).dividedBy(100);
          const parts = allocateByWeights(
            amount,
            weights.map((w) => new Decimal(w)),
          );
          expect(sum(parts).equals(amount)).toBe(true);
          for (const p of parts) {
            expect(p.decimalPlaces()).toBeLessThanOrEqual(2);
            expect(p.isNegative()).toBe(false);
          }
        },
      ),
    );
  });
});
