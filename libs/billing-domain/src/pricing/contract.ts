import { type Decimal, type DecimalInput, HUNDRED, ZERO, parseDecimal, parseNonNegativeAmount } from '@park/money';
import { buildOrThrow, type Issues } from '../errors/validation.error';
import type { PriceModel } from './price-model.types';
import { type PriceModelSpec, readPriceModel } from './price-model';

export interface Contract {
  readonly id: string;
  readonly tenantId: string;
  readonly effectiveFrom: Date;
  /** Exclusive; null = open-ended. */
  readonly effectiveTo: Date | null;
  /** Percent off book prices, 0–100 ("10" = 10 % off). Not applied to override prices. */
  readonly discountPercent: Decimal;
  /** Per-SKU price replacing the book's while the contract is in force. */
  readonly overrides: ReadonlyMap<string, PriceModel>;
  /** Minimum spend per period (committed spend); the shortfall becomes a true-up line. */
  readonly committedMonthlySpend: Decimal | null;
}

export interface ContractSpec {
  readonly id: string;
  readonly tenantId: string;
  readonly effectiveFrom: Date;
  readonly effectiveTo?: Date | null;
  readonly discountPercent?: DecimalInput;
  readonly overrides?: Readonly<Record<string, PriceModelSpec>>;
  readonly committedMonthlySpend?: DecimalInput | null;
}

export function readContract(spec: ContractSpec, issues: Issues, path: string): Contract {
  const discount = issues.decimal(
    (x) => parseDecimal(x, { maxDecimals: 4, label: 'discount percent' }),
    spec.discountPercent ?? '0',
    `${path}.discountPercent`,
    ZERO,
  );
  issues.check(discount.lessThanOrEqualTo(HUNDRED), `${path}.discountPercent`, 'at most 100');
  const overrides = new Map<string, PriceModel>();
  for (const [sku, model] of Object.entries(spec.overrides ?? {}))
    overrides.set(sku, readPriceModel(model, issues, `${path}.overrides.${sku}`));
  const effectiveFrom = issues.instant(spec.effectiveFrom, `${path}.effectiveFrom`);
  const effectiveTo = spec.effectiveTo == null ? null : issues.instant(spec.effectiveTo, `${path}.effectiveTo`);
  if (effectiveTo)
    issues.check(effectiveTo.getTime() > effectiveFrom.getTime(), `${path}.effectiveTo`, 'must be after effectiveFrom');
  return {
    id: issues.string(spec.id, `${path}.id`),
    tenantId: issues.string(spec.tenantId, `${path}.tenantId`),
    effectiveFrom,
    effectiveTo,
    discountPercent: discount,
    overrides,
    committedMonthlySpend:
      spec.committedMonthlySpend == null
        ? null
        : issues.decimal(
            (x) => parseNonNegativeAmount(x, 'committed spend'),
            spec.committedMonthlySpend,
            `${path}.committedMonthlySpend`,
            ZERO,
          ),
  };
}

export function buildContract(spec: ContractSpec): Contract {
  return buildOrThrow('contract', (issues) => readContract(spec, issues, 'contract'));
}

export function contractInForce(contract: Contract, at: Date): boolean {
  return (
    contract.effectiveFrom.getTime() <= at.getTime() &&
    (contract.effectiveTo === null || at.getTime() < contract.effectiveTo.getTime())
  );
}
