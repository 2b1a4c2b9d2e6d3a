import { Injectable } from '@nestjs/common';
import { isPeriodId, periodBounds, periodOf } from '@park/billing-domain';
import { ClickHouseService } from '@park/clickhouse';
import { Decimal, formatDecimal } from '@park/money';
import { UsageBillingQueries } from '@park/usage-pipeline';
import { InvalidInput } from '../errors/billing.errors';
import { CatalogueRepository } from '../repositories/catalogue.repository';
import { TenantService } from './tenant.service';

/**
 * One SKU's quantity as every view shows it: in the SKU's billing unit (GPU-hours, 6 decimals at most, as statement
 * lines store it), with the base unit's quantity (GPU-seconds) alongside.
 */
function inDisplayUnit(
  row: { sku: string; quantity: string; records: string },
  sku?: { baseUnit: string; billingUnit: string; unitsPerBillingUnit: { toFixed(): string } },
) {
  const base = new Decimal(row.quantity);
  const factor = new Decimal(sku?.unitsPerBillingUnit.toFixed() ?? 1);
  return {
    sku: row.sku,
    quantity: formatDecimal(base.dividedBy(factor), 6),
    billingUnit: sku?.billingUnit ?? null,
    quantityBase: formatDecimal(base),
    baseUnit: sku?.baseUnit ?? null,
    records: row.records,
  };
}

/** A tenant's own usage per SKU in a period (month to date for the current one), from the hourly rollups. */
@Injectable()
export class UsageReadService {
  private readonly queries: UsageBillingQueries;

  constructor(
    ch: ClickHouseService,
    private readonly tenants: TenantService,
    private readonly catalogue: CatalogueRepository,
  ) {
    this.queries = new UsageBillingQueries(ch.client, ch.database);
  }

  /** Without a period: the current month in Asia/Shanghai, to date (what a tenant asks most). */
  async bySku(tenantId: string, periodId: string = periodOf(new Date())) {
    if (!isPeriodId(periodId))
      throw new InvalidInput('usage query', [{ path: 'period', message: `${periodId} is not a period id (YYYY-MM)` }]);
    await this.tenants.get(tenantId);
    const { start, end } = periodBounds(periodId);
    const [rows, skus] = await Promise.all([
      this.queries.quantitiesBySku(tenantId, start.getTime(), end.getTime()),
      this.catalogue.listSkus(),
    ]);
    const units = new Map(skus.map((s) => [s.code, s]));
    return { tenantId, periodId, skus: rows.map((r) => inDisplayUnit(r, units.get(r.sku))) };
  }
}
