import fc from 'fast-check';
import {
  InvalidQuantityError,
  addQuantities,
  canonicalQuantity,
  compareQuantities,
  fromMicros,
  fromMicrosNumber,
  sumQuantities,
  toMicros,
} from './quantity.codec';

describe('quantity codec', () => {
  it.each([
    ['0', 0n],
    ['3600', 3_600_000_000n],
    ['12.5', 12_500_000n],
    ['0.000001', 1n],
    ['007.500000', 7_500_000n],
  ])('toMicros(%s)', (text, micros) => {
    expect(toMicros(text)).toBe(micros);
  });

  it.each(['-1', '1e3', '1.', '.5', '1.0000001', '', ' 1', 'NaN'])('refuses %j', (text) => {
    expect(() => toMicros(text)).toThrow(InvalidQuantityError);
  });

  it('formats canonically', () => {
    expect(fromMicros(12_500_000n)).toBe('12.5');
    expect(fromMicros(1n)).toBe('0.000001');
    expect(fromMicros(3_600_000_000n)).toBe('3600');
    expect(fromMicros(-1_500_000n)).toBe('-1.5');
    expect(canonicalQuantity('0010.2500')).toBe('10.25');
    expect(fromMicrosNumber(28_800_000_123)).toBe('28800.000123');
    expect(() => fromMicrosNumber(2 ** 60)).toThrow(RangeError);
  });

  it('adds, sums and compares exactly where floats would not', () => {
    expect(addQuantities('0.1', '0.2')).toBe('0.3');
    expect(sumQuantities(['0.000001', '999999999999.999999'])).toBe('1000000000000');
    expect(compareQuantities('2', '10')).toBe(-1);
    expect(compareQuantities('10.0', '10')).toBe(0);
  });

  it('round-trips any micro count', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), (m) => toMicros(fromMicros(m)) === m));
  });
});
