import type { ValidationIssue } from '@park/billing-domain';
import { type Decimal, ZERO, formatDecimal } from '@park/money';
import type { MissingUsage } from '../services/billed-usage.comparison';
import { BillingErrorCode } from './billing-error-codes';
import { BillingError } from './billing.errors';

/** Rows named in the message (the rest are counted); `issues` carries up to ISSUES_LISTED of them. */
const ROWS_LISTED = 10;
const ISSUES_LISTED = 100;

/**
 * The usage store (ClickHouse) holds less usage for closed periods than their issued statements billed. Accepted
 * usage never goes away, so the store lost data or the service reads another store; billing the difference would
 * credit the tenant for usage it had. Rating refuses (409 in billing-api, a failed close task): nothing is issued.
 */
export class BilledUsageMissing extends BillingError {
  override readonly name = 'BilledUsageMissing';
  readonly code = BillingErrorCode.BILLED_USAGE_MISSING;
  /** One per period × SKU × job type (`2026-09/gpu.h100-80g/training`), the first ISSUES_LISTED. */
  readonly issues: readonly ValidationIssue[];

  constructor(
    readonly tenantId: string,
    readonly missing: readonly MissingUsage[],
  ) {
    super(billedUsageMissingMessage(tenantId, missing));
    this.issues = missing.slice(0, ISSUES_LISTED).map((m) => ({
      path: `${m.periodId}/${m.sku}/${m.jobType}`,
      message: `billed ${q(m.billed)}, found ${q(m.found)} base units`,
    }));
  }
}

function billedUsageMissingMessage(tenantId: string, missing: readonly MissingUsage[]): string {
  const periods = [...new Set(missing.map((m) => m.periodId))].sort();
  const rows = missing
    .slice(0, ROWS_LISTED)
    .map((m) => `${m.periodId} ${m.sku} ${m.jobType}: billed ${q(m.billed)}, found ${q(m.found)}`);
  const more = missing.length > ROWS_LISTED ? [`and ${missing.length - ROWS_LISTED} more`] : [];
  const bySku = new Map<string, { billed: Decimal; found: Decimal }>();
  for (const m of missing) {
    const t = bySku.get(m.sku) ?? { billed: ZERO, found: ZERO };
    bySku.set(m.sku, { billed: t.billed.plus(m.billed), found: t.found.plus(m.found) });
  }
  const skus = [...bySku].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const totals = skus
    .slice(0, ROWS_LISTED)
    .map(([sku, t]) => `${sku} billed ${q(t.billed)}, found ${q(t.found)}`)
    .concat(skus.length > ROWS_LISTED ? [`and ${skus.length - ROWS_LISTED} more SKUs`] : []);
  const s = missing.length === 1 ? '' : 's';
  return (
    `tenant ${tenantId}: the usage store (ClickHouse) holds less usage than was billed for closed periods ` +
    `(${periods.join(', ')}), in ${missing.length} period × SKU × job type row${s} (base units): ` +
    `${[...rows, ...more].join('; ')}. In total: ${totals.join('; ')}. ` +
    'Accepted usage never goes away, so the usage store lost data or this service reads another store ' +
    '(an old backup, a new ClickHouse database). Restore the usage, or point CLICKHOUSE_URL / ' +
    'CLICKHOUSE_DATABASE (CLICKHOUSE_DATA_DIR for the embedded engine) back at the store these statements ' +
    'were issued from, then try again. ' +
    'Nothing was issued and nothing was credited.'
  );
}

function q(value: Decimal): string {
  return formatDecimal(value);
}
