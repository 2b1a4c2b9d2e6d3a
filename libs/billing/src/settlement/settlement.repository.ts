import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@park/db';

export type InvoiceRow = Prisma.StatementInvoiceGetPayload<object>;
export type PaymentRow = Prisma.StatementPaymentGetPayload<object>;
export type SettlementTx = Prisma.TransactionClient;

/** The statement row a settlement write holds locked, with its invoices and payments read under that lock. */
export interface LockedStatement {
  readonly id: string;
  readonly tenantId: string;
  readonly periodId: string;
  readonly number: string | null;
  readonly status: 'draft' | 'issued' | 'paid';
  readonly netPayable: string;
  /** What the tenant's invoices may cover (null on statements issued before tax was data). */
  readonly invoiceable: string | null;
  readonly invoices: InvoiceRow[];
  readonly payments: PaymentRow[];
}

/** Invoices and payments of statements; every query is scoped by tenant. */
@Injectable()
export class SettlementRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Runs `work` in one transaction holding the statement's row lock (FOR UPDATE), so concurrent records on one
   * statement queue: the balance and the duplicate checks see every earlier write. null: no such statement.
   */
  async locked<T>(
    tenantId: string,
    periodId: string,
    work: (tx: SettlementTx, statement: LockedStatement) => Promise<T>,
  ): Promise<T | null> {
    return this.prisma.client.$transaction(
      async (tx) => {
        const [row] = await tx.$queryRaw<
          {
            id: string;
            number: string | null;
            status: LockedStatement['status'];
            net_payable: string;
            invoiceable: string | null;
          }[]
        >`SELECT id::text, number, status::text AS status, net_payable::text, invoiceable::text FROM statements
           WHERE tenant_id = ${tenantId} AND period_id = ${periodId} FOR UPDATE`;
        if (!row) return null;
        const [invoices, payments] = await Promise.all([
          tx.statementInvoice.findMany({ where: { tenantId, statementId: row.id }, orderBy: { createdAt: 'asc' } }),
          tx.statementPayment.findMany({ where: { tenantId, statementId: row.id }, orderBy: { createdAt: 'asc' } }),
        ]);
        const { net_payable: netPayable, ...rest } = row;
        const statement = { ...rest, netPayable, tenantId, periodId, invoices, payments };
        return work(tx, statement);
      },
      { maxWait: 10_000, timeout: 20_000 },
    );
  }

  invoices(tenantId: string, statementId: string): Promise<InvoiceRow[]> {
    return this.prisma.client.statementInvoice.findMany({
      where: { tenantId, statementId },
      orderBy: { createdAt: 'asc' },
    });
  }

  payments(tenantId: string, statementId: string): Promise<PaymentRow[]> {
    return this.prisma.client.statementPayment.findMany({
      where: { tenantId, statementId },
      orderBy: { createdAt: 'asc' },
    });
  }

  /** Invoices of any statement with this type and number (they are unique park-wide), for the duplicate check. */
  invoiceByNumber(tx: SettlementTx, type: string, number: string): Promise<InvoiceRow | null> {
    return tx.statementInvoice.findUnique({ where: { type_number: { type, number } } });
  }

  /** Paid and invoiced totals of these statements (live entries only), by statement id. */
  async totals(
    tenantId: string,
    statementIds: readonly string[],
  ): Promise<Map<string, { paidTotal: string; invoicedTotal: string }>> {
    const ids = [...statementIds];
    const [paid, invoiced] = await Promise.all([
      this.prisma.client.statementPayment.groupBy({
        by: ['statementId'],
        where: { tenantId, statementId: { in: ids }, reversed: false },
        _sum: { amount: true },
      }),
      this.prisma.client.statementInvoice.groupBy({
        by: ['statementId'],
        where: { tenantId, statementId: { in: ids }, voided: false },
        _sum: { amountInclTax: true },
      }),
    ]);
    const zero = '0.00';
    const out = new Map(ids.map((id) => [id, { paidTotal: zero, invoicedTotal: zero }]));
    for (const p of paid) out.get(p.statementId)!.paidTotal = (p._sum.amount ?? 0).toFixed(2);
    for (const i of invoiced) out.get(i.statementId)!.invoicedTotal = (i._sum.amountInclTax ?? 0).toFixed(2);
    return out;
  }
}
