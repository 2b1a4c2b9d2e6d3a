import { Controller, Get, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StatementDisputeService } from '@park/billing';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { openApiSchemaOf, ValidInput, type RequestInput } from '@park/platform';
import { BillingApi, errorBody } from '../errors/billing-api.decorators';
import {
  AcceptDispute,
  DisputeById,
  DisputeWorklist,
  OpenDispute,
  RejectDispute,
  StatementDisputes,
} from '../requests/statement-disputes.requests';

const OPERATORS = { roles: ['operator-admin', 'operator-finance'] } as const;
const OWN_TENANT = { roles: ['tenant-admin', 'tenant-viewer'], scope: 'tenant', param: 'tenantId' } as const;
const OWN_TENANT_ADMIN = { roles: ['tenant-admin'], scope: 'tenant', param: 'tenantId' } as const;
const BASE = 'v1/tenants/:tenantId/statements/:periodId/disputes';

/** Disputes (申诉) of an issued statement's lines: the tenant-admin opens one, the operator accepts or rejects it. */
@ApiTags('disputes')
@BillingApi()
@Controller()
export class StatementDisputesController {
  constructor(private readonly disputes: StatementDisputeService) {}

  @Get('v1/disputes')
  @Allow(OPERATORS)
  @ApiOperation({ summary: "Disputes of every tenant's statement lines, oldest first (at most 500), by state" })
  worklist(@ValidInput(DisputeWorklist) { query }: RequestInput<typeof DisputeWorklist>) {
    return this.disputes.worklist(query.state);
  }

  @Get(BASE)
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({ summary: "The statement's disputes and their state" })
  list(@ValidInput(StatementDisputes) { params }: RequestInput<typeof StatementDisputes>) {
    return this.disputes.list(params.tenantId, params.periodId);
  }

  @Post(BASE)
  @Allow({ roles: ['operator-admin'] }, OWN_TENANT_ADMIN)
  @ApiOperation({
    summary:
      'Dispute a line with a reason (and optionally the credit asked for): its voucher share is held out of claims ' +
      'until the operator resolves it',
  })
  @ApiConflictResponse({
    description: 'DISPUTE_ALREADY_OPEN (one open dispute per line) or DISPUTE_LINE_CLAIMED (the line is on a claim)',
    schema: openApiSchemaOf(errorBody),
  })
  open(@ValidInput(OpenDispute) { params, body }: RequestInput<typeof OpenDispute>, @CurrentPrincipal() me: Principal) {
    return this.disputes.open(params.tenantId, params.periodId, body, actorOf(me));
  }

  @Get(`${BASE}/:disputeId`)
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({ summary: 'One dispute: its reason, state and, once accepted, the credit and the vouchers’ part' })
  get(@ValidInput(DisputeById) { params }: RequestInput<typeof DisputeById>) {
    return this.disputes.get(params.tenantId, params.periodId, params.disputeId);
  }

  @Post(`${BASE}/:disputeId/accept`)
  @Allow(OPERATORS)
  @ApiOperation({
    summary:
      "Accept: the credit goes on the tenant's next issued statement; the vouchers' share of it returns to their " +
      'grants (ledger) and is not claimed',
  })
  @ApiConflictResponse({ description: 'DISPUTE_NOT_OPEN or DISPUTE_LINE_CLAIMED', schema: openApiSchemaOf(errorBody) })
  accept(
    @ValidInput(AcceptDispute) { params, body }: RequestInput<typeof AcceptDispute>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.disputes.accept(params.tenantId, params.periodId, params.disputeId, body, actorOf(me));
  }

  @Post(`${BASE}/:disputeId/reject`)
  @Allow(OPERATORS)
  @ApiOperation({ summary: 'Reject with a reason: the line stands, its voucher share is claimable again' })
  @ApiConflictResponse({ description: 'DISPUTE_NOT_OPEN', schema: openApiSchemaOf(errorBody) })
  reject(
    @ValidInput(RejectDispute) { params, body }: RequestInput<typeof RejectDispute>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.disputes.reject(params.tenantId, params.periodId, params.disputeId, body, actorOf(me));
  }
}
