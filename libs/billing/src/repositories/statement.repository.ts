import { Injectable } from '@nestjs/common';
import { PrismaService, Prisma } from '@park/db';

export type StatementRow = Prisma.StatementGetPayload<object>;
export type StatementLineRow = Prisma.StatementLineGetPayload<object>;
export type DeductionRow = Prisma.DeductionGetPayload<object>;

/** Reads of statements; every query is scoped by tenant. Issuing lives in StatementIssueRepository. */
@Injectable()
export class StatementRepository {
  constructor(private readonly prisma: PrismaService) {}

  find(tenantId: string, periodId: string): Promise<StatementRow | null> {
    return this.prisma.client.statement.findUnique({ where: { tenantId_periodId: { tenantId, periodId } } });
  }

  findById(tenantId: string, statementId: string): Promise<StatementRow | null> {
    return this.prisma.client.statement.findFirst({ where: { id: statementId, tenantId } });
  }

  listForTenant(tenantId: string): Promise<StatementRow[]> {
    return this.prisma.client.statement.findMany({ where: { tenantId }, orderBy: { periodId: 'desc' } });
  }

  lines(tenantId: string, statementId: string): Promise<StatementLineRow[]> {
    return this.prisma.client.statementLine.findMany({ where: { tenantId, statementId }, orderBy: { lineId: 'asc' } });
  }

  deductions(tenantId: string, statementId: string): Promise<DeductionRow[]> {
    return this.prisma.client.deduction.findMany({ where: { tenantId, statementId }, orderBy: { id: 'asc' } });
  }

  /** Every line issued for these usage periods (originals and adjustments), for re-rating late usage. */
  issuedLinesForPeriods(tenantId: string, usagePeriodIds: readonly string[]): Promise<StatementLineRow[]> {
    return this.prisma.client.statementLine.findMany({
      where: { tenantId, usagePeriodId: { in: [...usagePeriodIds] } },
    });
  }

  /** Billed base quantities per usage period × SKU × job type. */
  async billedUsage(
    tenantId: string,
    usagePeriodIds: readonly string[],
  ): Promise<{ usagePeriodId: string; sku: string; jobType: string; quantityBase: string }[]> {
    if (usagePeriodIds.length === 0) return [];
    const rows = await this.prisma.client.billedUsage.groupBy({
      by: ['usagePeriodId', 'sku', 'jobType'],
      where: { tenantId, usagePeriodId: { in: [...usagePeriodIds] } },
      _sum: { quantityBase: true },
    });
    return rows.map((r) => ({
      usagePeriodId: r.usagePeriodId,
      sku: r.sku,
      jobType: r.jobType,
      quantityBase: (r._sum.quantityBase ?? new Prisma.Decimal(0)).toFixed(),
    }));
  }

  /** The latest period with an issued statement of this tenant (null: none): its prices are frozen. */
  async lastIssuedPeriodOfTenant(tenantId: string): Promise<string | null> {
    const r = await this.prisma.client.statement.aggregate({
      where: { tenantId, status: { in: ['issued', 'paid'] } },
      _max: { periodId: true },
    });
    return r._max.periodId ?? null;
  }

  /**
   * The latest issued period (null: none) of any tenant on this price book (or on none, when it is the default) or
   * with a line priced by it: a new version may not reach into it.
   */
  async lastIssuedPeriodOfPriceBook(priceBookId: string): Promise<string | null> {
    const rows = await this.prisma.client.$queryRaw<{ period: string | null }[]>`
      SELECT max(s.period_id) AS period FROM statements s
      WHERE s.status IN ('issued', 'paid')
        AND (s.tenant_id IN (SELECT t.id FROM tenants t WHERE t.price_book_id = ${priceBookId}
               OR (t.price_book_id IS NULL AND EXISTS (SELECT 1 FROM price_books b WHERE b.id = ${priceBookId} AND b.is_default)))
             OR EXISTS (SELECT 1 FROM statement_lines l WHERE l.statement_id = s.id AND l.price_book_id = ${priceBookId}))`;
    return rows[0]?.period ?? null;
  }

  /** The latest issued period (null: none) of any tenant holding a grant of this programme: its rules are frozen. */
  async lastIssuedPeriodOfProgramme(programmeId: string): Promise<string | null> {
    const rows = await this.prisma.client.$queryRaw<{ period: string | null }[]>`
      SELECT max(s.period_id) AS period FROM statements s
      WHERE s.status IN ('issued', 'paid')
        AND s.tenant_id IN (SELECT g.tenant_id FROM grants g WHERE g.programme_id = ${programmeId})`;
    return rows[0]?.period ?? null;
  }

  listIssuedForPeriod(periodId: string, tenantIds: readonly string[]): Promise<StatementRow[]> {
    return this.prisma.client.statement.findMany({
      where: { periodId, tenantId: { in: [...tenantIds] }, status: { in: ['issued', 'paid'] } },
      orderBy: { tenantId: 'asc' },
    });
  }

  /** issued → paid; returns the number of rows changed (0 when the statement is not issued). */
  async markPaid(
    tenantId: string,
    statementId: string,
    paymentReference: string,
    invoiceNumber: string,
  ): Promise<number> {
    const r = await this.prisma.client.statement.updateMany({
      where: { id: statementId, tenantId, status: 'issued' },
      data: { status: 'paid', paymentReference, invoiceNumber, paidAt: new Date() },
    });
    return r.count;
  }

  async setDigests(
    tenantId: string,
    statementId: string,
    digests: { pdfSha256?: string; csvSha256?: string; xlsxSha256?: string },
  ): Promise<void> {
    await this.prisma.client.statement.updateMany({ where: { id: statementId, tenantId }, data: digests });
  }
}
