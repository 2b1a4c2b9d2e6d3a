import { type DecimalInput, ZERO, parseUnitPrice, parseQuantity } from '@park/money';
import type { Issues } from '../errors/validation.error';
import { chargePerUnit } from './per-unit.price-model';
import type { ChargeContext, ChargeResult, PriceModel, Tier } from './price-model.types';
import { chargeTiered } from './tiered.price-model';
import { chargeVolume } from './volume.price-model';

export function charge(model: PriceModel, ctx: ChargeContext): ChargeResult {
  switch (model.kind) {
    case 'per_unit':
      return chargePerUnit(model.unitPrice, ctx);
    case 'tiered':
      return chargeTiered(model.tiers, ctx);
    case 'volume':
      return chargeVolume(model.tiers, ctx);
  }
}

export type PriceModelSpec =
  | { readonly kind: 'per_unit'; readonly unitPrice: DecimalInput }
  | {
      readonly kind: 'tiered' | 'volume';
      readonly tiers: readonly { readonly upTo: DecimalInput | null; readonly unitPrice: DecimalInput }[];
    };

export function readPriceModel(spec: PriceModelSpec, issues: Issues, path: string): PriceModel {
  if (spec?.kind === 'per_unit') {
    return { kind: 'per_unit', unitPrice: issues.decimal(parseUnitPrice, spec.unitPrice, `${path}.unitPrice`, ZERO) };
  }
  if (spec?.kind === 'tiered' || spec?.kind === 'volume') {
    const tiers: Tier[] = (spec.tiers ?? []).map((t, i) => ({
      upTo: t.upTo === null ? null : issues.decimal(parseQuantity, t.upTo, `${path}.tiers[${i}].upTo`, ZERO),
      unitPrice: issues.decimal(parseUnitPrice, t.unitPrice, `${path}.tiers[${i}].unitPrice`, ZERO),
    }));
    issues.check(tiers.length > 0, `${path}.tiers`, 'at least one tier');
    tiers.forEach((t, i) => {
      const last = i === tiers.length - 1;
      issues.check(
        last === (t.upTo === null),
        `${path}.tiers[${i}].upTo`,
        last ? 'the last tier is open-ended (upTo null)' : 'only the last tier may be open-ended',
      );
      const prev = i > 0 ? tiers[i - 1].upTo : ZERO;
      if (t.upTo !== null && prev !== null)
        issues.check(t.upTo.greaterThan(prev), `${path}.tiers[${i}].upTo`, 'tier bounds must increase');
    });
    return { kind: spec.kind, tiers };
  }
  issues.add(`${path}.kind`, 'must be one of per_unit, tiered, volume');
  return { kind: 'per_unit', unitPrice: ZERO };
}
