import { Controller, Get, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { SettlementReadService, StatementSettlementService } from '@park/billing';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { openApiSchemaOf, ValidInput, type RequestInput } from '@park/platform';
import { BillingApi, errorBody } from '../errors/billing-api.decorators';
import { InvoiceById, RecordInvoice, StatementInvoices, VoidInvoice } from '../requests/statement-settlement.requests';
import { sendDownload } from './send-download';

const OPERATORS = { roles: ['operator-admin', 'operator-finance'] } as const;
const OWN_TENANT = { roles: ['tenant-admin', 'tenant-viewer'], scope: 'tenant', param: 'tenantId' } as const;

/** Invoices (发票) issued against a statement: operators record and void, the tenant reads its own. */
@ApiTags('statements')
@BillingApi()
@Controller('v1/tenants/:tenantId/statements/:periodId/invoices')
export class StatementInvoicesController {
  constructor(
    private readonly settlement: StatementSettlementService,
    private readonly reads: SettlementReadService,
  ) {}

  @Get()
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({ summary: "The statement's invoices, with the invoiced total and the invoiceable amount" })
  list(@ValidInput(StatementInvoices) { params }: RequestInput<typeof StatementInvoices>) {
    return this.reads.invoices(params.tenantId, params.periodId);
  }

  @Post()
  @Allow(OPERATORS)
  @ApiOperation({
    summary:
      'Record an invoice issued against an issued statement (数电票 / 专票 / 普票; excl. tax + tax = incl. tax; ' +
      'optional PDF or OFD file as base64, stored with its SHA-256). The invoiced total may not exceed the ' +
      'invoiceable amount; a type + number recorded before is a 409 naming it',
  })
  @ApiConflictResponse({
    description: 'STATEMENT_NOT_ISSUED, INVOICE_EXCEEDS_INVOICEABLE or ALREADY_EXISTS (the same type and number)',
    schema: openApiSchemaOf(errorBody),
  })
  record(
    @ValidInput(RecordInvoice) { params, body }: RequestInput<typeof RecordInvoice>,
    @CurrentPrincipal() me: Principal,
  ) {
    const { file, ...invoice } = body;
    const content = file
      ? { contentType: file.contentType, content: Buffer.from(file.contentBase64, 'base64') }
      : undefined;
    return this.settlement.recordInvoice(params.tenantId, params.periodId, { ...invoice, file: content }, actorOf(me));
  }

  @Get(':invoiceId')
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({ summary: "One invoice (its file's type, size and SHA-256; the bytes at …/file)" })
  get(@ValidInput(InvoiceById) { params }: RequestInput<typeof InvoiceById>) {
    return this.reads.invoice(params.tenantId, params.periodId, params.invoiceId);
  }

  @Get(':invoiceId/file')
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({ summary: "The invoice's stored file (PDF or OFD); its SHA-256 in x-content-sha256" })
  @ApiProduces('application/pdf', 'application/ofd')
  async file(@ValidInput(InvoiceById) { params }: RequestInput<typeof InvoiceById>, @Res() res: Response) {
    const out = await this.reads.invoiceFile(params.tenantId, params.periodId, params.invoiceId);
    sendDownload(res, out);
  }

  @Post(':invoiceId/void')
  @Allow(OPERATORS)
  @ApiOperation({ summary: 'Void an invoice (红冲 / 作废) with a reason: it stays on record, its amount is freed' })
  @ApiConflictResponse({ description: 'INVOICE_ALREADY_VOIDED', schema: openApiSchemaOf(errorBody) })
  void(@ValidInput(VoidInvoice) { params, body }: RequestInput<typeof VoidInvoice>, @CurrentPrincipal() me: Principal) {
    const { tenantId, periodId, invoiceId } = params;
    return this.settlement.voidInvoice(tenantId, periodId, invoiceId, body.reason, actorOf(me));
  }
}
