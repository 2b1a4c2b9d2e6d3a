import { Injectable } from '@nestjs/common';
import { isPeriodId } from '@park/billing-domain';
import { InvalidInput, NotFound } from '../errors/billing.errors';
import { StatementRepository, type StatementRow } from '../repositories/statement.repository';
import { TenantRepository } from '../repositories/tenant.repository';
import { SettlementRepository } from './settlement.repository';
import { invoiceView, paymentView, settlementOfRows, settlementTotals } from './settlement.views';

/** Reads of a statement's invoices and payments, and the settlement totals the statement reads show. */
@Injectable()
export class SettlementReadService {
  constructor(
    private readonly repo: SettlementRepository,
    private readonly statements: StatementRepository,
    private readonly tenants: TenantRepository,
  ) {}

  /** The invoices with the invoiced total and what may still be invoiced. */
  async invoices(tenantId: string, periodId: string) {
    const { statement, invoices, payments } = await this.load(tenantId, periodId);
    const settlement = settlementOfRows(statement, invoices, payments);
    return { ...settlementTotals(settlement), items: invoices.map(invoiceView) };
  }

  async invoice(tenantId: string, periodId: string, invoiceId: string) {
    const row = (await this.load(tenantId, periodId)).invoices.find((i) => i.id === invoiceId);
    if (!row) throw new NotFound('invoice', invoiceId);
    return invoiceView(row);
  }

  /** The invoice's stored file (404 INVOICE_NOT_FOUND when the invoice has none). */
  async invoiceFile(tenantId: string, periodId: string, invoiceId: string) {
    const row = (await this.load(tenantId, periodId)).invoices.find((i) => i.id === invoiceId);
    if (!row?.fileContent || !row.fileContentType || !row.fileSha256)
      throw new NotFound('invoice', `${invoiceId} (file)`);
    const extension = row.fileContentType === 'application/pdf' ? 'pdf' : 'ofd';
    return {
      content: Buffer.from(row.fileContent),
      contentType: row.fileContentType,
      sha256: row.fileSha256,
      filename: `invoice-${row.type}-${row.number}.${extension}`,
    };
  }

  /** The payments with the paid total and the balance. */
  async payments(tenantId: string, periodId: string) {
    const { statement, invoices, payments } = await this.load(tenantId, periodId);
    const settlement = settlementOfRows(statement, invoices, payments);
    return { status: statement.status, ...settlementTotals(settlement), items: payments.map(paymentView) };
  }

  /** Statement rows with their `paidTotal`, `invoicedTotal` and `balance` (payable − paid), as 2-dp strings. */
  async withTotals<S extends StatementRow>(tenantId: string, rows: readonly S[]) {
    const totals = await this.repo.totals(
      tenantId,
      rows.map((r) => r.id),
    );
    return rows.map((r) => {
      const t = totals.get(r.id) ?? { paidTotal: '0.00', invoicedTotal: '0.00' };
      return { ...r, ...t, balance: r.netPayable.minus(t.paidTotal).toFixed(2) };
    });
  }

  private async load(tenantId: string, periodId: string) {
    if (!isPeriodId(periodId))
      throw new InvalidInput('period', [{ path: 'periodId', message: `${periodId} is not a period id (YYYY-MM)` }]);
    if (!(await this.tenants.find(tenantId))) throw new NotFound('tenant', tenantId);
    const statement = await this.statements.find(tenantId, periodId);
    if (!statement || statement.status === 'draft') throw new NotFound('statement', `${tenantId}/${periodId}`);
    const [invoices, payments] = await Promise.all([
      this.repo.invoices(tenantId, statement.id),
      this.repo.payments(tenantId, statement.id),
    ]);
    return { statement, invoices, payments };
  }
}
