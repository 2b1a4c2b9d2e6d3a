import { Controller, Get, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { StatementExportService, StatementService, type ExportFormat } from '@park/billing';
import { Allow, CurrentPrincipal, ROLE_SCOPE, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { openApiSchemaOf, ValidInput, type RequestInput } from '@park/platform';
import { BillingApi, errorBody } from '../errors/billing-api.decorators';
import { PayStatement, StatementOfPeriod, TenantStatements } from '../requests/statements.requests';
import { sendDownload } from './send-download';

const OPERATORS = { roles: ['operator-admin', 'operator-finance'] } as const;
const OWN_TENANT = { roles: ['tenant-admin', 'tenant-viewer'], scope: 'tenant', param: 'tenantId' } as const;
type OfPeriod = RequestInput<typeof StatementOfPeriod>;
const BILLED_USAGE_MISSING =
  'BILLED_USAGE_MISSING when ClickHouse holds less usage for a closed period than was billed (it lost data or is ' +
  'another store): nothing is issued or credited; each missing period/SKU/job type is in `issues`';

@ApiTags('statements')
@BillingApi()
@Controller('v1/tenants/:tenantId/statements')
export class StatementsController {
  constructor(
    private readonly statements: StatementService,
    private readonly exports: StatementExportService,
  ) {}

  @Get()
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({ summary: "The tenant's issued statements (结算单)" })
  list(@ValidInput(TenantStatements) { params }: RequestInput<typeof TenantStatements>) {
    return this.statements.list(params.tenantId);
  }

  @Get(':periodId')
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({ summary: 'An issued statement with its lines and deductions (each deduction explains itself)' })
  detail(
    @ValidInput(StatementOfPeriod) { params: { tenantId, periodId } }: OfPeriod,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.statements.detail(tenantId, periodId, ROLE_SCOPE[me.role] === 'tenant' ? 'tenant' : 'park');
  }

  @Get(':periodId/preview')
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({ summary: 'Draft recomputed now from the usage rollups, with a voucher preview' })
  @ApiConflictResponse({ description: BILLED_USAGE_MISSING, schema: openApiSchemaOf(errorBody) })
  preview(@ValidInput(StatementOfPeriod) { params: { tenantId, periodId } }: OfPeriod) {
    return this.statements.preview(tenantId, periodId);
  }

  @Post(':periodId/issue')
  @Allow(OPERATORS)
  @ApiOperation({ summary: 'Issue: freeze the numbers and post redemptions to the ledger (idempotent)' })
  @ApiConflictResponse({
    description: `PERIOD_NOT_OVER or PERIOD_CLOSED; ${BILLED_USAGE_MISSING}`,
    schema: openApiSchemaOf(errorBody),
  })
  async issue(
    @ValidInput(StatementOfPeriod) { params: { tenantId, periodId } }: OfPeriod,
    @CurrentPrincipal() me: Principal,
  ) {
    const { statement, newlyIssued } = await this.statements.issue(tenantId, periodId, { actor: actorOf(me) });
    return { ...statement, newlyIssued };
  }

  @Post(':periodId/pay')
  @Allow(OPERATORS)
  @ApiOperation({
    summary:
      'Settle in one step: records a payment of the whole balance (received today, bank reference = ' +
      'paymentReference) through …/payments and keeps the invoice number on the statement (issued → paid). ' +
      'Partial payments and invoices with amounts: …/payments and …/invoices',
  })
  pay(
    @ValidInput(PayStatement) { params, body }: RequestInput<typeof PayStatement>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.statements.pay(params.tenantId, params.periodId, body, actorOf(me));
  }

  @Get(':periodId/export.pdf')
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({
    summary: 'PDF (Chinese with English labels, CJK font embedded); SHA-256 in x-content-sha256 and on the statement',
  })
  @ApiProduces('application/pdf')
  pdf(@ValidInput(StatementOfPeriod) { params: { tenantId, periodId } }: OfPeriod, @Res() res: Response) {
    return this.send(tenantId, periodId, 'pdf', res);
  }

  @Get(':periodId/export.csv')
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({ summary: 'CSV (UTF-8); SHA-256 in x-content-sha256 and on the statement' })
  @ApiProduces('text/csv')
  csv(@ValidInput(StatementOfPeriod) { params: { tenantId, periodId } }: OfPeriod, @Res() res: Response) {
    return this.send(tenantId, periodId, 'csv', res);
  }

  @Get(':periodId/export.xlsx')
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({
    summary:
      'Excel workbook (totals, lines, programmes, charges; Chinese headers first, amounts as numbers with two ' +
      'decimals and a total row); SHA-256 in x-content-sha256 and on the statement',
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  xlsx(@ValidInput(StatementOfPeriod) { params: { tenantId, periodId } }: OfPeriod, @Res() res: Response) {
    return this.send(tenantId, periodId, 'xlsx', res);
  }

  private async send(tenantId: string, periodId: string, format: ExportFormat, res: Response): Promise<void> {
    const out = await this.exports.export(tenantId, periodId, format);
    sendDownload(res, out);
  }
}
