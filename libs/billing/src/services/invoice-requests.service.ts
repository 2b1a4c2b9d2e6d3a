import { Injectable } from '@nestjs/common';
import {
  DEFAULT_TAX_TERMS,
  periodBounds,
  taxCodeFor,
  taxTermsOfLine,
  type PeriodId,
  type PriceBook,
  type ResourceClass,
  type StatementLineView,
  type StatementView,
} from '@park/billing-domain';
import { Decimal, formatDecimal } from '@park/money';
import {
  renderInvoiceRequests,
  type InvoiceBatch,
  type InvoiceRequestLine,
  type RenderedExport,
} from '@park/statements-export';
import { InvoiceRequestRepository } from '../repositories/invoice-request.repository';
import { BillingContextLoader } from './billing-context.loader';
import { InvoicingPartyService } from './invoicing-party.service';
import { ParkService } from './park.service';

export const BULK_INVOICE_TYPES = {
  special: '数电票（增值税专用发票）',
  ordinary: '数电票（普通发票）',
} as const;
export type InvoiceKind = keyof typeof BULK_INVOICE_TYPES;

/**
 * The bulk-invoice (批量开具) request batch of a park's period: one invoice per issued statement, for what the
 * tenant's 发票 covers (the lines' `invoiceable`, after the programmes' invoicing modes), buyer from the tenant's
 * invoicing party in force at issue. Statements without one are listed on the third sheet, not guessed.
 */
@Injectable()
export class InvoiceRequestService {
  constructor(
    private readonly repo: InvoiceRequestRepository,
    private readonly parties: InvoicingPartyService,
    private readonly parks: ParkService,
    private readonly loader: BillingContextLoader,
  ) {}

  async export(parkId: string, periodId: PeriodId, kind: InvoiceKind = 'special'): Promise<RenderedExport> {
    await this.parks.get(parkId);
    const [statements, rules] = await Promise.all([
      this.repo.issuedOfPeriod(parkId, periodId),
      this.loader.rules(periodId),
    ]);
    const batch: {
      invoices: InvoiceBatch['invoices'][number][];
      skipped: InvoiceBatch['skipped'][number][];
      seller: InvoiceBatch['seller'];
    } = { invoices: [], skipped: [], seller: null };
    // the batch's date: the latest issue (the period's end when none), so the same batch gives the same bytes
    let at = periodBounds(periodId).end;
    for (const s of statements) {
      const view = s.view as unknown as StatementView | null;
      const issuedAt = s.issuedAt ?? new Date(0);
      if (issuedAt > at) at = issuedAt;
      const skip = (reason: string) =>
        batch.skipped.push({ statement: s.number ?? s.id, tenant: `${s.tenant.name} (${s.tenant.id})`, reason });
      if (!view?.invoiceable) {
        skip('出具于税额数据化之前 issued before tax was data: no tax per line to invoice');
        continue;
      }
      const { seller, buyer } = await this.parties.partiesOf(s.tenant, issuedAt);
      if (seller) batch.seller = seller;
      const lines = invoiceLines(view, rules.priceBooks);
      if (lines.length === 0) {
        skip('无需开票 nothing for the tenant to be invoiced for');
        continue;
      }
      if (!buyer) {
        skip('企业未登记开票信息 the tenant has no invoicing party (PUT /v1/tenants/{tenantId}/invoicing-party)');
        continue;
      }
      batch.invoices.push({
        serial: s.number ?? s.id,
        buyer,
        remark: `结算单 ${s.number ?? s.id} 账期 ${periodId}`,
        lines,
      });
    }
    return renderInvoiceRequests({ periodId, at, invoiceType: BULK_INVOICE_TYPES[kind], ...batch });
  }
}

/** A statement's invoice lines: each line's part the tenant is invoiced for, with its rate and tax code. */
export function invoiceLines(view: StatementView, books: ReadonlyMap<string, PriceBook>): InvoiceRequestLine[] {
  const all = [...view.lines, ...view.adjustments.flatMap((a) => a.lines)];
  return all
    .filter((l) => l.invoiceable && !new Decimal(l.invoiceable.amountInclTax).isZero())
    .map((l) => line(l, books));
}

function line(l: StatementLineView, books: ReadonlyMap<string, PriceBook>): InvoiceRequestLine {
  const inv = l.invoiceable as NonNullable<StatementLineView['invoiceable']>;
  const terms = taxTermsOfLine(l, books, DEFAULT_TAX_TERMS);
  const quantity = new Decimal(l.quantity);
  // quantity and unit price only when the tenant is invoiced for the whole line (a share off leaves the amount)
  const whole = inv.amountInclTax === l.amountInclTax && quantity.gt(0);
  return {
    name: l.kind === 'commitment' ? '承诺消费补足' : `${l.resourceClassLabel?.zh ?? '算力'}服务`,
    taxCode: taxCodeFor(terms, l.resourceClass as ResourceClass | null),
    spec: l.sku ?? '',
    unit: l.billingUnit ?? '',
    quantity: whole ? l.quantity : null,
    unitPrice: whole ? formatDecimal(new Decimal(inv.amountExclTax).dividedBy(quantity), 8) : null,
    amount: inv.amountExclTax,
    rate: l.vatRate ?? DEFAULT_TAX_TERMS.vatRate.toFixed(),
    tax: inv.tax,
  };
}
