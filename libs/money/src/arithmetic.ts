import { Decimal, ZERO } from './decimal';
import { truncateToFen } from './rounding';

export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

export function min(first: Decimal, ...rest: Decimal[]): Decimal {
  return rest.reduce((m, v) => (v.lessThan(m) ? v : m), first);
}

export function max(first: Decimal, ...rest: Decimal[]): Decimal {
  return rest.reduce((m, v) => (v.greaterThan(m) ? v : m), first);
}

/** -1, 0 or 1, for sorting. */
export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const c = a.comparedTo(b);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

export function equals(a: Decimal, b: Decimal): boolean {
  return a.equals(b);
}

/** max(value, 0). */
export function clampAtZero(value: Decimal): Decimal {
  return value.isNegative() ? new Decimal(0) : value;
}

/**
 * Splits a 2-dp amount by weights: every part but the first is truncated to 分,
 * the first takes the remainder, so the parts always sum exactly to the amount.
 * Used for co-funding (province : city 1 : 1).
 */
export function allocateByWeights(amount: Decimal, weights: readonly Decimal[]): Decimal[] {
  if (weights.length === 0) throw new RangeError('allocateByWeights needs at least one weight');
  if (weights.some((w) => w.isNegative())) throw new RangeError('weights must not be negative');
  const total = sum(weights);
  if (total.isZero()) throw new RangeError('weights must not all be zero');
  const parts = weights.map((w, i) => (i === 0 ? ZERO : truncateToFen(amount.times(w).dividedBy(total))));
  parts[0] = amount.minus(sum(parts));
  return parts;
}
