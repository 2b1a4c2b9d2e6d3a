import DecimalJs from 'decimal.js';
import {
  Decimal,
  MoneyParseError,
  parseAmount,
  parseDecimal,
  parseQuantity,
  parseRatio,
  parseUnitPrice,
  tryParse,
} from './index';

describe('parse', () => {
  it('parses plain decimal strings exactly', () => {
    expect(parseAmount('1234.56').toFixed()).toBe('1234.56');
    expect(parseAmount('-0.01').toFixed()).toBe('-0.01');
    expect(parseUnitPrice('0.000001').toFixed()).toBe('0.000001');
    expect(parseQuantity('0.1').plus(parseQuantity('0.2')).toFixed()).toBe('0.3');
    expect(parseDecimal('12345678901234567890.123456789').toFixed()).toBe('12345678901234567890.123456789');
  });

  it.each([
    ['a JS number', 0.1],
    ['NaN', Number.NaN],
    ['Infinity string', 'Infinity'],
    ['exponent notation', '1e3'],
    ['thousands separator', '1,000'],
    ['surrounding blank', ' 1'],
    ['empty', ''],
    ['leading zeros', '007'],
    ['trailing dot', '1.'],
    ['garbage', 'abc'],
    ['null', null],
    ['undefined', undefined],
  ])('rejects %s', (_label, input) => {
    expect(() => parseDecimal(input)).toThrow(MoneyParseError);
  });

  it('says what was wrong', () => {
    expect(() => parseAmount(0.1)).toThrow(
      'invalid amount 0.1 (a JS number; pass a decimal string): expected a decimal string',
    );
    expect(() => parseAmount('1.234')).toThrow('at most 2 decimal places');
    expect(() => parseUnitPrice('-1')).toThrow('must not be negative');
    expect(() => parseUnitPrice('1.0000001')).toThrow('at most 6 decimal places');
    expect(() => parseRatio('1.01')).toThrow('between 0 and 1');
  });

  it('accepts decimal.js instances from another clone and re-homes them', () => {
    const foreign = new DecimalJs('2.50');
    const parsed = parseAmount(foreign);
    expect(parsed).toBeInstanceOf(Decimal);
    expect(parsed.toFixed(2)).toBe('2.50');
    expect(() => parseAmount(new DecimalJs(NaN))).toThrow(MoneyParseError);
  });

  it('normalises negative zero', () => {
    expect(parseAmount('-0.00').isNegative()).toBe(false);
  });

  it('tryParse collects instead of throwing', () => {
    expect(tryParse(parseAmount, 'x')).toEqual({ ok: false, error: expect.stringContaining('invalid amount') });
    const ok = tryParse(parseAmount, '1.00');
    expect(ok.ok && ok.value.toFixed(2)).toBe('1.00');
  });
});
