import type { Decimal, RoundingRuleCode } from '@park/money';
import type { JobType, ResourceClass } from '../catalogue/resource-class';
import type { PriceModelKind } from '../pricing/price-model.types';
import type { PeriodId } from '../time/shanghai-calendar';

/** Size of one job behind a line, for programmes with a training threshold (devices × hours). */
export interface JobUsage {
  readonly periodId: PeriodId;
  readonly sku: string;
  readonly jobType: JobType;
  readonly jobId: string;
  /** Devices (GPUs, nodes) the job ran on, at its peak. */
  readonly deviceCount: number;
  /** Device-hours of the whole job (not only this period): what a size threshold is measured on. */
  readonly deviceHours: Decimal;
  /** The job's quantity in this period, in the SKU's base unit: its share of the line. */
  readonly quantity: Decimal;
}

/** A rated statement line. Amount is rounded once, by the rule of the price book version used. */
export interface RatedLine {
  /** Deterministic: `<period>/<sku>/<jobType>/<book>@<version>/<contract|->`; `adj/` prefix for adjustments. */
  readonly lineId: string;
  readonly kind: 'usage' | 'commitment';
  /** True for a line billing usage of a closed period in a later statement. */
  readonly isAdjustment: boolean;
  readonly tenantId: string;
  readonly contractId: string | null;
  /** The period the usage belongs to. */
  readonly periodId: PeriodId;
  readonly sku: string | null;
  readonly resourceClass: ResourceClass | null;
  readonly chipFamily: string | null;
  readonly domesticChip: boolean;
  readonly jobType: JobType | null;
  /** In the SKU's base unit (e.g. GPU-seconds). */
  readonly quantityBase: Decimal;
  /** In the billing unit (e.g. GPU-hours). */
  readonly quantity: Decimal;
  readonly billingUnit: string | null;
  /** Per billing unit after discount; for tiered / volume lines the effective average. */
  readonly unitPrice: Decimal;
  readonly priceModel: PriceModelKind | 'commitment';
  readonly priceSource: 'book' | 'contract_override' | 'commitment';
  readonly discountPercent: Decimal;
  readonly priceBookId: string | null;
  readonly priceBookVersion: number | null;
  readonly rounding: RoundingRuleCode;
  readonly unroundedAmount: Decimal;
  readonly amount: Decimal;
  /** Jobs behind this period × SKU × job type (empty when the caller did not supply them). */
  readonly jobs: readonly JobUsage[];
}
