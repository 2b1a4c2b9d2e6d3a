import { Decimal } from './decimal';
import { MoneyFormatError } from './money.errors';

/**
 * "1234.50": an amount with at most 2 decimals, formatted to exactly 2. Throws on a value with
 * more decimals, because formatting must never be where rounding silently happens.
 */
export function formatAmount(value: Decimal): string {
  if (value.decimalPlaces() > 2) {
    throw new MoneyFormatError(`amount ${value.toFixed()} has more than 2 decimals; round it by its rule first`);
  }
  return value.isZero() ? '0.00' : value.toFixed(2);
}

/** Plain (never exponent) decimal string of any value, e.g. an unrounded amount or a quantity. */
export function formatDecimal(value: Decimal, maxDecimals?: number): string {
  const v = maxDecimals === undefined ? value : value.toDecimalPlaces(maxDecimals, Decimal.ROUND_HALF_UP);
  return v.isZero() ? '0' : v.toFixed();
}

/** A unit price formatted with up to 6 decimals and at least 2 ("3.5" → "3.50", "0.000125"). */
export function formatUnitPrice(value: Decimal): string {
  const v = value.toDecimalPlaces(6, Decimal.ROUND_HALF_UP);
  return v.decimalPlaces() < 2 ? v.toFixed(2) : v.toFixed();
}

/**
 * Money as every API view shows it: exactly two decimals ("2000000" → "2000000.00"). A value with more decimals (an
 * unrounded intermediate) keeps them all: formatting never rounds money silently.
 */
export function formatMoney(value: Decimal): string {
  return value.decimalPlaces() <= 2 ? value.toFixed(2) : value.toFixed();
}
