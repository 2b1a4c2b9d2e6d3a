import DecimalJs from 'decimal.js';

/**
 * The one Decimal constructor money code uses. A clone so that nothing else in the process
 * (another library configuring the global Decimal) can change its precision or rounding.
 * 50 significant digits leave room for quantity × 6-dp price × tiers without ever rounding a 分.
 */
export const Decimal = DecimalJs.clone({
  precision: 50,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -50,
  toExpPos: 50,
  minE: -9e15,
  maxE: 9e15,
});

/** An exact decimal value (amount, price, quantity or ratio). Never a JS number. */
export type Decimal = DecimalJs;

/** True for any decimal.js instance (ours or a compatible clone, e.g. one handed in by a driver). */
export function isDecimal(value: unknown): value is Decimal {
  return DecimalJs.isDecimal(value);
}

export const ZERO: Decimal = new Decimal(0);
export const ONE: Decimal = new Decimal(1);
export const HUNDRED: Decimal = new Decimal(100);
