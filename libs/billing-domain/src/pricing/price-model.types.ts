import type { Decimal } from '@park/money';

/** One tier; `upTo` (billing units, inclusive) is null for the last, open-ended tier. */
export interface Tier {
  readonly upTo: Decimal | null;
  readonly unitPrice: Decimal;
}

export type PriceModel =
  | { readonly kind: 'per_unit'; readonly unitPrice: Decimal }
  /** Graduated: each unit of the month is priced at the tier it falls in. */
  | { readonly kind: 'tiered'; readonly tiers: readonly Tier[] }
  /** Volume: every unit is priced at the tier the month's total reaches. */
  | { readonly kind: 'volume'; readonly tiers: readonly Tier[] };

export type PriceModelKind = PriceModel['kind'];

/** Where in the month a slice of usage sits, in billing units. */
export interface ChargeContext {
  readonly quantity: Decimal;
  /** The month's quantity of this SKU before this slice. */
  readonly monthBefore: Decimal;
  /** The month's total quantity of this SKU. */
  readonly monthTotal: Decimal;
}

/** One result shape for every model (Lago's charge_models). Amounts are unrounded. */
export interface ChargeResult {
  readonly amount: Decimal;
  readonly parts: readonly {
    readonly tier: number;
    readonly quantity: Decimal;
    readonly unitPrice: Decimal;
    readonly amount: Decimal;
  }[];
}
