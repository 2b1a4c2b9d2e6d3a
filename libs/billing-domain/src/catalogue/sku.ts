import { type Decimal, type DecimalInput, parseQuantity, ONE } from '@park/money';
import { buildOrThrow, type Issues } from '../errors/validation.error';
import { BASE_UNITS, type BaseUnit, RESOURCE_CLASSES, type ResourceClass } from './resource-class';

export interface BillingUnit {
  /** e.g. `gpu_hour`; prices and statement quantities are per billing unit. */
  readonly code: string;
  /** Base units per billing unit: a GPU-hour is 3600 gpu_seconds. */
  readonly factor: Decimal;
}

export interface Sku {
  /** e.g. `gpu.h100-80g`, `gpu.ascend-910b`, `cpu.core`, `render.node`, `storage.ssd`. */
  readonly code: string;
  readonly name: string;
  readonly resourceClass: ResourceClass;
  readonly chipFamily: string | null;
  readonly domesticChip: boolean;
  readonly baseUnit: BaseUnit;
  readonly billingUnit: BillingUnit;
}

export interface SkuSpec {
  readonly code: string;
  readonly name?: string;
  readonly resourceClass: ResourceClass;
  readonly chipFamily?: string | null;
  readonly domesticChip?: boolean;
  readonly baseUnit: BaseUnit;
  readonly billingUnit: { readonly code: string; readonly factor: DecimalInput };
}

export type Catalogue = ReadonlyMap<string, Sku>;

export const SKU_CODE = /^[a-z0-9]+(\.[a-z0-9][a-z0-9-]*)+$/;

export function readSku(spec: SkuSpec, issues: Issues, path: string): Sku {
  const factor = issues.decimal(parseQuantity, spec.billingUnit?.factor, `${path}.billingUnit.factor`, ONE);
  issues.check(!factor.isZero(), `${path}.billingUnit.factor`, 'must be greater than 0');
  const domesticChip = spec.domesticChip ?? false;
  const chipFamily = spec.chipFamily ?? null;
  issues.check(!domesticChip || chipFamily !== null, `${path}.chipFamily`, 'a domestic chip SKU names its chip family');
  return {
    code: issues.string(spec.code, `${path}.code`, SKU_CODE),
    name: spec.name ?? spec.code,
    resourceClass: issues.oneOf(spec.resourceClass, RESOURCE_CLASSES, `${path}.resourceClass`, 'general'),
    chipFamily,
    domesticChip,
    baseUnit: issues.oneOf(spec.baseUnit, BASE_UNITS, `${path}.baseUnit`, 'gpu_second'),
    billingUnit: { code: issues.string(spec.billingUnit?.code, `${path}.billingUnit.code`), factor },
  };
}

export function readCatalogue(specs: readonly SkuSpec[], issues: Issues, path: string): Catalogue {
  const map = new Map<string, Sku>();
  specs.forEach((spec, i) => {
    const sku = readSku(spec, issues, `${path}[${i}]`);
    if (map.has(sku.code)) issues.add(`${path}[${i}].code`, `duplicate SKU ${sku.code}`);
    map.set(sku.code, sku);
  });
  return map;
}

export function buildSku(spec: SkuSpec): Sku {
  return buildOrThrow('SKU', (issues) => readSku(spec, issues, 'sku'));
}

export function buildCatalogue(specs: readonly SkuSpec[]): Catalogue {
  return buildOrThrow('catalogue', (issues) => readCatalogue(specs, issues, 'skus'));
}
