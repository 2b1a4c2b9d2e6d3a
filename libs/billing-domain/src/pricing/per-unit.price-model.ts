import type { Decimal } from '@park/money';
import type { ChargeContext, ChargeResult } from './price-model.types';

export function chargePerUnit(unitPrice: Decimal, ctx: ChargeContext): ChargeResult {
  const amount = ctx.quantity.times(unitPrice);
  return { amount, parts: [{ tier: 0, quantity: ctx.quantity, unitPrice, amount }] };
}
