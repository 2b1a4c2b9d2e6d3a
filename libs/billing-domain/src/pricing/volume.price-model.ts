import type { ChargeContext, ChargeResult, Tier } from './price-model.types';
import { tierIndexFor } from './tiered.price-model';

/** Volume tiers: every unit of the month is priced at the tier the month's total reaches. */
export function chargeVolume(tiers: readonly Tier[], ctx: ChargeContext): ChargeResult {
  const tier = tierIndexFor(tiers, ctx.monthTotal);
  const unitPrice = tiers[tier].unitPrice;
  const amount = ctx.quantity.times(unitPrice);
  return { amount, parts: [{ tier, quantity: ctx.quantity, unitPrice, amount }] };
}
