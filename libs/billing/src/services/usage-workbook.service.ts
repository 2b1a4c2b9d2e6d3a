import { Injectable } from '@nestjs/common';
import { isPeriodId, periodBounds, periodOf, type StatementView } from '@park/billing-domain';
import { Decimal, formatAmount, formatDecimal } from '@park/money';
import { renderUsageXlsx, type RenderedExport, type UsageDocument } from '@park/statements-export';
import { RawUsageQueries } from '@park/usage-pipeline';
import { InvalidInput } from '../errors/billing.errors';
import { CatalogueRepository } from '../repositories/catalogue.repository';
import { StatementRepository } from '../repositories/statement.repository';
import { TenantService } from './tenant.service';
import { UsageReadService } from './usage-read.service';

/** The issued statement's amount per SKU of the period's own lines (a commitment true-up under its kind). */
function amountsBySku(view: StatementView): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  for (const l of view.lines) {
    const key = l.sku ?? l.kind;
    out.set(key, (out.get(key) ?? new Decimal(0)).plus(l.amount));
  }
  return out;
}

/**
 * A tenant's usage detail of a period as Excel: per SKU (the quantities `GET …/usage` answers, and the issued
 * statement's amounts) and per job (job id, type, SKU, clusters, quantity) from the de-duplicated raw records.
 */
@Injectable()
export class UsageWorkbookService {
  constructor(
    private readonly usage: UsageReadService,
    private readonly raw: RawUsageQueries,
    private readonly tenants: TenantService,
    private readonly catalogue: CatalogueRepository,
    private readonly statements: StatementRepository,
  ) {}

  async workbook(tenantId: string, periodId: string = periodOf(new Date())): Promise<RenderedExport> {
    if (!isPeriodId(periodId))
      throw new InvalidInput('usage query', [{ path: 'period', message: `${periodId} is not a period id (YYYY-MM)` }]);
    const tenant = await this.tenants.get(tenantId);
    const { start, end } = periodBounds(periodId);
    const [bySku, jobs, skus, statement] = await Promise.all([
      this.usage.bySku(tenantId, periodId),
      this.raw.jobUsage(tenantId, start.getTime(), end.getTime()),
      this.catalogue.listSkus(),
      this.statements.find(tenantId, periodId),
    ]);
    const issued = statement && statement.status !== 'draft' && statement.view ? statement : null;
    const amounts = issued ? amountsBySku(issued.view as unknown as StatementView) : new Map<string, Decimal>();
    const units = new Map(skus.map((s) => [s.code, s]));
    const doc: UsageDocument = {
      tenant: { id: tenant.id, name: tenant.name },
      periodId,
      asOf: new Date(Math.min(end.getTime(), Date.now())),
      statementNumber: issued?.number ?? null,
      skus: bySku.skus.map((s) => {
        const amount = amounts.get(s.sku);
        return { ...s, amount: amount ? formatAmount(amount) : issued ? '0.00' : null };
      }),
      jobs: jobs.map((j) => {
        const sku = units.get(j.sku);
        const base = new Decimal(j.quantity);
        const factor = new Decimal(sku?.unitsPerBillingUnit.toFixed() ?? 1);
        return {
          ...j,
          quantity: formatDecimal(base.dividedBy(factor), 6),
          billingUnit: sku?.billingUnit ?? null,
          quantityBase: formatDecimal(base),
        };
      }),
    };
    return renderUsageXlsx(doc);
  }
}
