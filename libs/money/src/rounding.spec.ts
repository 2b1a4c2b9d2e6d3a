import { Decimal, ROUNDING_RULES, isRoundingRuleCode, roundMoney, truncateToFen } from './index';

const d = (s: string) => new Decimal(s);

describe('rounding rules', () => {
  it.each([
    ['HALF_UP_FEN', '1.005', '1.01'],
    ['HALF_UP_FEN', '1.00499999', '1'],
    ['HALF_UP_FEN', '-1.005', '-1.01'],
    ['TRUNCATE_FEN', '1.009', '1'],
    ['TRUNCATE_FEN', '-1.009', '-1'],
    ['HALF_UP_YUAN', '2.5', '3'],
    ['HALF_UP_YUAN', '2.49', '2'],
    ['TRUNCATE_YUAN', '119999.99', '119999'],
    ['TRUNCATE_YUAN', '-3.7', '-3'],
  ] as const)('%s(%s) = %s', (rule, input, expected) => {
    expect(roundMoney(d(input), rule).toFixed()).toBe(expected);
  });

  it('defaults to half-up to 分', () => {
    expect(roundMoney(d('0.125')).toFixed(2)).toBe('0.13');
  });

  it('accepts the rule object as data', () => {
    expect(roundMoney(d('9.99'), ROUNDING_RULES.TRUNCATE_YUAN).toFixed()).toBe('9');
    expect(truncateToFen(d('0.019')).toFixed(2)).toBe('0.01');
  });

  it('never returns negative zero', () => {
    expect(roundMoney(d('-0.001')).isNegative()).toBe(false);
  });

  it('knows its codes', () => {
    expect(isRoundingRuleCode('TRUNCATE_YUAN')).toBe(true);
    expect(isRoundingRuleCode('toString')).toBe(false);
    expect(isRoundingRuleCode('ROUND')).toBe(false);
  });
});
