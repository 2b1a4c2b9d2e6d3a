import { Body, Controller, Get, Param, Post, Res, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { StatementExportService, StatementService } from '@park/billing';
import { Allow, CurrentPrincipal, ROLE_SCOPE, type Principal } from '@park/auth';
import { BillingExceptionFilter } from '../billing-exception.filter';
import { DecimalJsonInterceptor } from '../decimal-json.interceptor';
import { actorOf } from '@park/audit-store';
import { ErrorDoc, PaymentDoc } from '../dto/billing.dto';

@ApiTags('statements')
@ApiBadRequestResponse({ type: ErrorDoc })
@UseFilters(BillingExceptionFilter)
@UseInterceptors(DecimalJsonInterceptor)
@Controller('v1/tenants/:tenantId/statements')
export class StatementsController {
  constructor(
    private readonly statements: StatementService,
    private readonly exports: StatementExportService,
  ) {}

  @Get()
  @Allow({ roles: ['operator-admin', 'operator-finance'] }, { roles: ['tenant-admin', 'tenant-viewer'], scope: 'tenant', param: 'tenantId' })
  @ApiOperation({ summary: "The tenant's issued statements (结算单)" })
  list(@Param('tenantId') tenantId: string) {
    return this.statements.list(tenantId);
  }

  @Get(':periodId')
  @Allow({ roles: ['operator-admin', 'operator-finance'] }, { roles: ['tenant-admin', 'tenant-viewer'], scope: 'tenant', param: 'tenantId' })
  @ApiOperation({ summary: 'An issued statement with its lines and deductions (each deduction explains itself)' })
  detail(@Param('tenantId') tenantId: string, @Param('periodId') periodId: string, @CurrentPrincipal() me: Principal) {
    return this.statements.detail(tenantId, periodId, ROLE_SCOPE[me.role] === 'tenant' ? 'tenant' : 'park');
  }

  @Get(':periodId/preview')
  @Allow({ roles: ['operator-admin', 'operator-finance'] }, { roles: ['tenant-admin', 'tenant-viewer'], scope: 'tenant', param: 'tenantId' })
  @ApiOperation({ summary: 'Draft recomputed now from the usage rollups, with a voucher preview' })
  preview(@Param('tenantId') tenantId: string, @Param('periodId') periodId: string) {
    return this.statements.preview(tenantId, periodId);
  }

  @Post(':periodId/issue')
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: 'Issue: freeze the numbers and post redemptions to the ledger (idempotent)' })
  @ApiConflictResponse({ type: ErrorDoc, description: 'PERIOD_NOT_OVER or PERIOD_CLOSED' })
  async issue(@Param('tenantId') tenantId: string, @Param('periodId') periodId: string, @CurrentPrincipal() me: Principal) {
    const { statement, newlyIssued } = await this.statements.issue(tenantId, periodId, { actor: actorOf(me) });
    return { ...statement, newlyIssued };
  }

  @Post(':periodId/pay')
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: 'Record payment reference and invoice number (issued → paid)' })
  @ApiBody({ type: PaymentDoc })
  pay(@Param('tenantId') tenantId: string, @Param('periodId') periodId: string, @Body() body: { paymentReference: string; invoiceNumber: string }, @CurrentPrincipal() me: Principal) {
    return this.statements.pay(tenantId, periodId, { paymentReference: body?.paymentReference, invoiceNumber: body?.invoiceNumber }, actorOf(me));
  }

  @Get(':periodId/export.pdf')
  @Allow({ roles: ['operator-admin', 'operator-finance'] }, { roles: ['tenant-admin', 'tenant-viewer'], scope: 'tenant', param: 'tenantId' })
  @ApiOperation({ summary: 'PDF (Chinese with English labels, CJK font embedded); SHA-256 in x-content-sha256 and on the statement' })
  @ApiProduces('application/pdf')
  pdf(@Param('tenantId') tenantId: string, @Param('periodId') periodId: string, @Res() res: Response) {
    return this.send(tenantId, periodId, 'pdf', res);
  }

  @Get(':periodId/export.csv')
  @Allow({ roles: ['operator-admin', 'operator-finance'] }, { roles: ['tenant-admin', 'tenant-viewer'], scope: 'tenant', param: 'tenantId' })
  @ApiOperation({ summary: 'CSV (UTF-8); SHA-256 in x-content-sha256 and on the statement' })
  @ApiProduces('text/csv')
  csv(@Param('tenantId') tenantId: string, @Param('periodId') periodId: string, @Res() res: Response) {
    return this.send(tenantId, periodId, 'csv', res);
  }

  private async send(tenantId: string, periodId: string, format: 'pdf' | 'csv', res: Response): Promise<void> {
    const out = await this.exports.export(tenantId, periodId, format);
    res.setHeader('content-type', out.contentType);
    res.setHeader('content-disposition', `attachment; filename="${out.filename}"`);
    res.setHeader('x-content-sha256', out.sha256);
    res.send(out.content);
  }
}
