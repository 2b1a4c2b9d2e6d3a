import { formatDecimal, formatYuan, isZeroAmount } from './money';

describe('amounts shown as 元 from decimal strings', () => {
  it.each([
    ['0', '0.00'],
    ['1234567.8', '1,234,567.80'],
    ['476057.94', '476,057.94'],
    ['-41109.30', '-41,109.30'],
    ['-0.00', '0.00'],
    ['007.5', '7.50'],
    ['0.1104', '0.1104'], // a unit price keeps its decimals: nothing is rounded away
    ['99999999999999999999.99', '99,999,999,999,999,999,999.99'], // beyond a double's precision, exact
  ])('%s → %s', (input, shown) => expect(formatDecimal(input)).toBe(shown));

  it('writes 元 after the amount in Chinese and ¥ before it in English', () => {
    expect(formatYuan('517167.24', 'zh-CN')).toBe('517,167.24 元');
    expect(formatYuan('-41109.3', 'en')).toBe('-¥41,109.30');
    expect(formatYuan(null, 'zh-CN')).toBe('—');
  });

  it('refuses what is not a decimal string rather than showing a wrong amount', () => {
    expect(() => formatDecimal('1e5')).toThrow('not a decimal amount: "1e5"');
    expect(() => formatDecimal('12,5')).toThrow();
  });
});

describe('isZeroAmount', () => {
  it('reads zero in any of its spellings, and nothing else, as text', () => {
    expect(['0', '0.00', '-0.00', '000.0'].map(isZeroAmount)).toEqual([true, true, true, true]);
    expect(['0.01', '-0.01', '100.00'].map(isZeroAmount)).toEqual([false, false, false]);
    expect(() => isZeroAmount('abc')).toThrow('not a decimal amount');
  });
});
