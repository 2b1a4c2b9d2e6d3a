import { Injectable } from '@nestjs/common';
import { isPeriodId, periodBounds, periodOf } from '@park/billing-domain';
import { UsageRollupQueries } from '@park/usage-pipeline';
import { InvalidInput } from '../errors/billing.errors';
import { TenantService } from './tenant.service';

/** A tenant's own usage per SKU in a period (month to date for the current one), from the hourly rollups. */
@Injectable()
export class UsageReadService {
  constructor(
    private readonly queries: UsageRollupQueries,
    private readonly tenants: TenantService,
  ) {}

  /** Without a period: the current month in Asia/Shanghai, to date (what a tenant asks most). */
  async bySku(tenantId: string, periodId: string = periodOf(new Date())) {
    if (!isPeriodId(periodId))
      throw new InvalidInput('usage query', [{ path: 'period', message: `${periodId} is not a period id (YYYY-MM)` }]);
    await this.tenants.get(tenantId);
    const { start, end } = periodBounds(periodId);
    return { tenantId, periodId, skus: await this.queries.quantitiesBySku(tenantId, start.getTime(), end.getTime()) };
  }
}
