import { type Decimal, ZERO } from '@park/money';

/** A quantity of one period × SKU × job type, in the SKU's base unit (GPU-seconds, core-seconds). */
export interface PeriodSkuQuantity {
  readonly periodId: string;
  readonly sku: string;
  readonly jobType: string;
  readonly quantityBase: string;
}

/** A closed period × SKU × job type whose usage store now holds less than its issued statements billed. */
export interface MissingUsage {
  readonly periodId: string;
  readonly sku: string;
  readonly jobType: string;
  /** Base units billed on issued statements (originals and adjustments). */
  readonly billed: Decimal;
  /** Base units the usage store holds now. */
  readonly found: Decimal;
}

export interface BilledUsageComparison {
  /** Closed periods where the store holds more than was billed: late usage, billed as adjustments. Sorted. */
  readonly late: readonly string[];
  /** Where it holds less, by period, SKU and job type: never billed back as a credit (see compareWithBilled). */
  readonly missing: readonly MissingUsage[];
}

/**
 * What the usage store holds now against what was billed, per closed period × SKU × job type. Accepted usage never
 * goes away (records are immutable, backfills only add), so more than billed is late usage and less than billed
 * means the store lost data (an old backup, another ClickHouse database): the difference must not be credited.
 * Pure; `found` rows outside `closed` are ignored.
 */
export function compareWithBilled(input: {
  readonly closed: readonly string[];
  readonly found: readonly PeriodSkuQuantity[];
  readonly billed: readonly PeriodSkuQuantity[];
}): BilledUsageComparison {
  const closed = new Set(input.closed);
  const rows = new Map<string, { key: Omit<MissingUsage, 'billed' | 'found'>; billed: Decimal; found: Decimal }>();
  const rowOf = (q: PeriodSkuQuantity) => {
    const k = `${q.periodId}|${q.sku}|${q.jobType}`;
    let row = rows.get(k);
    if (!row) {
      row = { key: { periodId: q.periodId, sku: q.sku, jobType: q.jobType }, billed: ZERO, found: ZERO };
      rows.set(k, row);
    }
    return row;
  };
  for (const f of input.found) if (closed.has(f.periodId)) rowOf(f).found = rowOf(f).found.plus(f.quantityBase);
  for (const b of input.billed) rowOf(b).billed = rowOf(b).billed.plus(b.quantityBase);

  const late = new Set<string>();
  const missing: MissingUsage[] = [];
  for (const { key, billed, found } of rows.values()) {
    if (found.greaterThan(billed)) late.add(key.periodId);
    else if (found.lessThan(billed)) missing.push({ ...key, billed, found });
  }
  missing.sort((a, b) => compare(a.periodId, b.periodId) || compare(a.sku, b.sku) || compare(a.jobType, b.jobType));
  return { late: [...late].sort(), missing };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
