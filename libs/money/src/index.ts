export { Decimal, ZERO, ONE, HUNDRED, isDecimal } from './decimal';
export { MoneyParseError, MoneyFormatError } from './money.errors';
export {
  parseDecimal,
  parseAmount,
  parseNonNegativeAmount,
  parseUnitPrice,
  parseQuantity,
  parseRatio,
  tryParse,
} from './parse';
export type { ParseOptions, DecimalInput } from './parse';
export { ROUNDING_RULES, DEFAULT_ROUNDING, roundMoney, truncateToFen, isRoundingRuleCode } from './rounding';
export type { RoundingRule, RoundingRuleCode } from './rounding';
export { sum, min, max, compare, equals, clampAtZero, allocateByWeights } from './arithmetic';
export { formatAmount, formatDecimal, formatMoney, formatUnitPrice } from './format';
