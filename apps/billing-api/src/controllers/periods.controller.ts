import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CloseHoldService, InvoiceRequestService, PeriodCloseService } from '@park/billing';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { ValidInput, type RequestInput } from '@park/platform';
import { BillingApi } from '../errors/billing-api.decorators';
import { ClosePeriod, InvoiceRequests, ListPeriods, OverrideHold, PeriodById } from '../requests/periods.requests';
import { sendDownload } from './send-download';

@ApiTags('periods')
@BillingApi()
@Controller('v1/periods')
export class PeriodsController {
  constructor(
    private readonly close: PeriodCloseService,
    private readonly holds: CloseHoldService,
    private readonly invoices: InvoiceRequestService,
  ) {}

  @Get()
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: 'Billing periods of a park (open → closing → closed)' })
  list(@ValidInput(ListPeriods) { query }: RequestInput<typeof ListPeriods>) {
    return this.close.list(query.parkId || 'main');
  }

  @Get(':periodId')
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: 'One period with the close progress (issuedCount / tenantCount)' })
  get(@ValidInput(PeriodById) { params, query }: RequestInput<typeof PeriodById>) {
    return this.close.get(query.parkId || 'main', params.periodId);
  }

  @Get(':periodId/close')
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({
    summary:
      "A close's progress: tenants total / done / pending / failed (each with its reason) / held (each with the " +
      'open reconciliation findings that hold its statement)',
  })
  progress(@ValidInput(PeriodById) { params, query }: RequestInput<typeof PeriodById>) {
    return this.close.progress(query.parkId || 'main', params.periodId);
  }

  @Post(':periodId/close')
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({
    summary:
      'Close a period: one BullMQ job per tenant issues its statement (idempotent); again: retries failed tenants',
    description:
      '503 QUEUE_UNAVAILABLE when Redis does not answer within REDIS_TIMEOUT_MS: the period is left as it was.',
  })
  start(
    @ValidInput(ClosePeriod) { params, body }: RequestInput<typeof ClosePeriod>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.close.startClose({ parkId: body?.parkId || 'main', periodId: params.periodId, actor: actorOf(me) });
  }

  @Post(':periodId/holds/:tenantId/override')
  @HttpCode(200)
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({
    summary: "Override the hold on a tenant's statement with a reason (an audit event): it issues despite its findings",
    description: '409 NOT_HELD when that statement is not held. The findings stay open until resolved.',
  })
  override(
    @ValidInput(OverrideHold) { params, body }: RequestInput<typeof OverrideHold>,
    @CurrentPrincipal() me: Principal,
  ) {
    const { periodId, tenantId } = params;
    return this.holds.override({
      parkId: body.parkId || 'main',
      periodId,
      tenantId,
      reason: body.reason,
      actor: actorOf(me),
    });
  }

  @Get(':periodId/invoice-requests.xlsx')
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({
    summary:
      "The period's invoice requests in the 数电票 bulk-issue (批量开具) template: 1-发票基本信息 and 2-发票明细信息, one " +
      'invoice per issued statement for what the tenant is invoiced for (amounts excl. VAT with each line tax)',
    description:
      'A third sheet lists statements left out and why: the tenant has no invoicing party, nothing to invoice, or ' +
      'the statement was issued before tax was data. SHA-256 of the bytes in x-content-sha256.',
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async invoiceRequests(
    @ValidInput(InvoiceRequests) { params, query }: RequestInput<typeof InvoiceRequests>,
    @Res() res: Response,
  ): Promise<void> {
    const out = await this.invoices.export(query.parkId || 'main', params.periodId, query.invoiceType);
    sendDownload(res, out);
  }
}
