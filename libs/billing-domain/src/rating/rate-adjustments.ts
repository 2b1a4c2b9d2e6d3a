import { type Decimal, ZERO } from '@park/money';
import { type RatingResult, rateUsage } from './rate-usage';
import type { RateUsageInput } from './rate-usage.input';
import type { RatedLine } from './rated-line';

export const ADJUSTMENT_PREFIX = 'adj/';

/**
 * Late usage for closed periods. An issued statement never changes, so we re-rate each closed
 * period with all its usage (billed + late) and bill the difference from everything already issued
 * for it (original lines and earlier adjustments) as adjustment lines, labelled with the period they
 * belong to. Tiers and committed spend therefore come out exactly as if the usage had been on time.
 * The adjustment amount is a difference of two rounded amounts: nothing is rounded again.
 */
export function rateAdjustments(input: {
  /** All usage of the closed period(s) being adjusted, late records included. */
  readonly rating: RateUsageInput;
  /** Every line already issued for those periods (original and earlier adjustment lines). */
  readonly issued: readonly RatedLine[];
}): RatingResult {
  const rerated = rateUsage(input.rating);
  const ratedPeriods = new Set([...rerated.lines.map((l) => l.periodId), ...input.rating.periods]);
  const billed = new Map<string, { quantityBase: Decimal; quantity: Decimal; unrounded: Decimal; amount: Decimal; line: RatedLine }>();
  for (const line of input.issued) {
    if (!ratedPeriods.has(line.periodId)) continue;
    const key = baseLineId(line.lineId);
    const acc = billed.get(key) ?? { quantityBase: ZERO, quantity: ZERO, unrounded: ZERO, amount: ZERO, line };
    billed.set(key, {
      quantityBase: acc.quantityBase.plus(line.quantityBase),
      quantity: acc.quantity.plus(line.quantity),
      unrounded: acc.unrounded.plus(line.unroundedAmount),
      amount: acc.amount.plus(line.amount),
      line: acc.line,
    });
  }
  const out: RatedLine[] = [];
  const seen = new Set<string>();
  for (const line of rerated.lines) {
    seen.add(line.lineId);
    const prior = billed.get(line.lineId);
    const delta = prior ? line.amount.minus(prior.amount) : line.amount;
    const deltaBase = prior ? line.quantityBase.minus(prior.quantityBase) : line.quantityBase;
    if (delta.isZero() && deltaBase.isZero()) continue;
    const quantity = prior ? line.quantity.minus(prior.quantity) : line.quantity;
    const unroundedAmount = prior ? line.unroundedAmount.minus(prior.unrounded) : line.unroundedAmount;
    out.push({
      ...line,
      lineId: ADJUSTMENT_PREFIX + line.lineId,
      isAdjustment: true,
      quantityBase: deltaBase,
      quantity,
      // A tiered / volume adjustment shows its own effective price, not the whole month's.
      unitPrice: line.priceModel === 'per_unit' || quantity.isZero() ? line.unitPrice : unroundedAmount.dividedBy(quantity),
      unroundedAmount,
      amount: delta,
    });
  }
  for (const [key, prior] of billed) {
    if (seen.has(key) || prior.amount.isZero()) continue;
    out.push({
      ...prior.line,
      lineId: ADJUSTMENT_PREFIX + key,
      isAdjustment: true,
      quantityBase: prior.quantityBase.negated(),
      quantity: prior.quantity.negated(),
      unroundedAmount: prior.unrounded.negated(),
      amount: prior.amount.negated(),
    });
  }
  out.sort((a, b) => (a.lineId < b.lineId ? -1 : a.lineId > b.lineId ? 1 : 0));
  return { tenantId: rerated.tenantId, lines: out, total: out.reduce((t, l) => t.plus(l.amount), ZERO) };
}

export function baseLineId(lineId: string): string {
  return lineId.startsWith(ADJUSTMENT_PREFIX) ? lineId.slice(ADJUSTMENT_PREFIX.length) : lineId;
}
