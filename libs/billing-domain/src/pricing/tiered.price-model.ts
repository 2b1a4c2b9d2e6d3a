import { Decimal, ZERO, max, min, sum } from '@park/money';
import type { ChargeContext, ChargeResult, Tier } from './price-model.types';

/**
 * Graduated tiers by monthly quantity: the slice [monthBefore, monthBefore + quantity) is cut at
 * the tier bounds and each piece is priced at its tier. Slices walked in time order therefore add
 * up to exactly what the whole month would cost.
 */
export function chargeTiered(tiers: readonly Tier[], ctx: ChargeContext): ChargeResult {
  const from = ctx.monthBefore;
  const to = ctx.monthBefore.plus(ctx.quantity);
  const parts: { tier: number; quantity: Decimal; unitPrice: Decimal; amount: Decimal }[] = [];
  let lower: Decimal = ZERO;
  tiers.forEach((tier, i) => {
    const upper = tier.upTo;
    const pieceFrom = max(from, lower);
    const pieceTo = upper === null ? to : min(to, upper);
    if (pieceTo.greaterThan(pieceFrom)) {
      const quantity = pieceTo.minus(pieceFrom);
      parts.push({ tier: i, quantity, unitPrice: tier.unitPrice, amount: quantity.times(tier.unitPrice) });
    }
    if (upper !== null) lower = upper;
  });
  return { amount: sum(parts.map((p) => p.amount)), parts };
}

/** The tier a month total falls in (bounds inclusive: 100 with upTo 100 is in that tier). */
export function tierIndexFor(tiers: readonly Tier[], quantity: Decimal): number {
  const i = tiers.findIndex((t) => t.upTo === null || quantity.lessThanOrEqualTo(t.upTo));
  return i === -1 ? tiers.length - 1 : i;
}

export function zeroCharge(): ChargeResult {
  return { amount: new Decimal(0), parts: [] };
}
