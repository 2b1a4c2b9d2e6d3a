import { Controller, Get, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SettlementReadService, StatementSettlementService } from '@park/billing';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { openApiSchemaOf, ValidInput, type RequestInput } from '@park/platform';
import { BillingApi, errorBody } from '../errors/billing-api.decorators';
import { RecordPayment, ReversePayment, StatementPayments } from '../requests/statement-settlement.requests';

const OPERATORS = { roles: ['operator-admin', 'operator-finance'] } as const;
const OWN_TENANT = { roles: ['tenant-admin', 'tenant-viewer'], scope: 'tenant', param: 'tenantId' } as const;

/** Payments (收款) received for a statement: partial payments down to a balance of 0, when the statement is paid. */
@ApiTags('statements')
@BillingApi()
@Controller('v1/tenants/:tenantId/statements/:periodId/payments')
export class StatementPaymentsController {
  constructor(
    private readonly settlement: StatementSettlementService,
    private readonly reads: SettlementReadService,
  ) {}

  @Get()
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({ summary: "The statement's payments, with the paid total and the balance (payable − paid)" })
  list(@ValidInput(StatementPayments) { params }: RequestInput<typeof StatementPayments>) {
    return this.reads.payments(params.tenantId, params.periodId);
  }

  @Post()
  @Allow(OPERATORS)
  @ApiOperation({
    summary:
      'Record a payment received (partial or the rest): the statement is paid when its balance reaches 0.00 ' +
      'exactly. More than the balance is refused (no credit is kept); a live bank reference recorded before is a 409',
  })
  @ApiConflictResponse({
    description: 'STATEMENT_NOT_ISSUED, STATEMENT_OVERPAYMENT or ALREADY_EXISTS (the same bank reference)',
    schema: openApiSchemaOf(errorBody),
  })
  record(
    @ValidInput(RecordPayment) { params, body }: RequestInput<typeof RecordPayment>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.settlement.recordPayment(params.tenantId, params.periodId, body, actorOf(me));
  }

  @Post(':paymentId/reverse')
  @Allow(OPERATORS)
  @ApiOperation({ summary: 'Reverse a payment with a reason: it stays on record and the balance re-opens' })
  @ApiConflictResponse({ description: 'PAYMENT_ALREADY_REVERSED', schema: openApiSchemaOf(errorBody) })
  reverse(
    @ValidInput(ReversePayment) { params, body }: RequestInput<typeof ReversePayment>,
    @CurrentPrincipal() me: Principal,
  ) {
    const { tenantId, periodId, paymentId } = params;
    return this.settlement.reversePayment(tenantId, periodId, paymentId, body.reason, actorOf(me));
  }
}
