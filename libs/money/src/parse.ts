import { Decimal, isDecimal } from './decimal';
import { MoneyParseError } from './money.errors';

const DECIMAL_STRING = /^-?(0|[1-9]\d*)(\.\d+)?$/;

export interface ParseOptions {
  /** Reject values with more fractional digits than this. */
  readonly maxDecimals?: number;
  /** Negative values allowed (default false). */
  readonly allowNegative?: boolean;
  /** Used in the error message: 'amount', 'unit price', ... */
  readonly label?: string;
}

/** What a caller may hand in: a plain decimal string, or a decimal.js instance (e.g. from a driver). */
export type DecimalInput = string | Decimal;

/**
 * Parses an exact decimal. Accepts only plain decimal strings ("12", "-0.5", "1234.000001") or
 * decimal.js instances; a JS number, NaN, Infinity, exponent notation, "1,000", " 1" or "" are
 * rejected, because a number has already lost exactness before we could see it.
 */
export function parseDecimal(input: unknown, options: ParseOptions = {}): Decimal {
  const label = options.label ?? 'decimal';
  let text: string;
  if (typeof input === 'string') {
    if (!DECIMAL_STRING.test(input))
      throw new MoneyParseError(input, 'expected a plain decimal string like "1234.56"', label);
    text = input;
  } else if (isDecimal(input)) {
    if (!input.isFinite()) throw new MoneyParseError(input, 'not a finite number', label);
    text = input.toFixed();
  } else {
    throw new MoneyParseError(input, 'expected a decimal string', label);
  }
  const value = new Decimal(text);
  if (!options.allowNegative && value.isNegative() && !value.isZero()) {
    throw new MoneyParseError(input, 'must not be negative', label);
  }
  if (options.maxDecimals !== undefined && value.decimalPlaces() > options.maxDecimals) {
    throw new MoneyParseError(input, `at most ${options.maxDecimals} decimal places allowed`, label);
  }
  return value.isZero() ? new Decimal(0) : value;
}

/** An amount in 元 with at most 2 decimals (分). Negative allowed (credits, adjustments). */
export function parseAmount(input: unknown, label = 'amount'): Decimal {
  return parseDecimal(input, { maxDecimals: 2, allowNegative: true, label });
}

/** A non-negative amount in 元 with at most 2 decimals (face values, caps, budgets). */
export function parseNonNegativeAmount(input: unknown, label = 'amount'): Decimal {
  return parseDecimal(input, { maxDecimals: 2, allowNegative: false, label });
}

/** A non-negative unit price with at most 6 decimals. */
export function parseUnitPrice(input: unknown, label = 'unit price'): Decimal {
  return parseDecimal(input, { maxDecimals: 6, allowNegative: false, label });
}

/** A non-negative quantity (any number of decimals: quantities are split exactly). */
export function parseQuantity(input: unknown, label = 'quantity'): Decimal {
  return parseDecimal(input, { allowNegative: false, label });
}

/** A ratio in [0, 1] with at most 6 decimals ("0.3" = 30 %). */
export function parseRatio(input: unknown, label = 'ratio'): Decimal {
  const value = parseDecimal(input, { maxDecimals: 6, allowNegative: false, label });
  if (value.greaterThan(1)) throw new MoneyParseError(input, 'a ratio must be between 0 and 1', label);
  return value;
}

/** Non-throwing variant for validators that collect every problem. */
export function tryParse<T>(
  parse: (input: unknown) => T,
  input: unknown,
): { ok: true; value: T } | { ok: false; error: string } {
  try {
    return { ok: true, value: parse(input) };
  } catch (error) {
    if (error instanceof MoneyParseError) return { ok: false, error: error.message };
    throw error;
  }
}
