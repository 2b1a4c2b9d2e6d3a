import { Decimal } from './decimal';

/** Rounding rules are data held by a price book or a programme, never a code path. */
export type RoundingRuleCode = 'HALF_UP_FEN' | 'TRUNCATE_FEN' | 'HALF_UP_YUAN' | 'TRUNCATE_YUAN';

export interface RoundingRule {
  readonly code: RoundingRuleCode;
  /** Decimal places kept: 2 = 分, 0 = whole 元. */
  readonly decimals: 0 | 2;
  /** half_up: 0.005 → 0.01 (away from zero on a tie); truncate: toward zero. */
  readonly mode: 'half_up' | 'truncate';
}

export const ROUNDING_RULES: Readonly<Record<RoundingRuleCode, RoundingRule>> = {
  HALF_UP_FEN: { code: 'HALF_UP_FEN', decimals: 2, mode: 'half_up' },
  TRUNCATE_FEN: { code: 'TRUNCATE_FEN', decimals: 2, mode: 'truncate' },
  HALF_UP_YUAN: { code: 'HALF_UP_YUAN', decimals: 0, mode: 'half_up' },
  TRUNCATE_YUAN: { code: 'TRUNCATE_YUAN', decimals: 0, mode: 'truncate' },
};

export const DEFAULT_ROUNDING: RoundingRuleCode = 'HALF_UP_FEN';

export function isRoundingRuleCode(value: unknown): value is RoundingRuleCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ROUNDING_RULES, value);
}

/** Rounds once, by the rule. The result always has at most 2 decimals. */
export function roundMoney(value: Decimal, rule: RoundingRuleCode | RoundingRule = DEFAULT_ROUNDING): Decimal {
  const r = typeof rule === 'string' ? ROUNDING_RULES[rule] : rule;
  const mode = r.mode === 'half_up' ? Decimal.ROUND_HALF_UP : Decimal.ROUND_DOWN;
  const rounded = new Decimal(value).toDecimalPlaces(r.decimals, mode);
  return rounded.isZero() ? new Decimal(0) : rounded;
}

/** Floors toward zero to 分: used where a share must never exceed its whole. */
export function truncateToFen(value: Decimal): Decimal {
  return roundMoney(value, 'TRUNCATE_FEN');
}
