import { Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ContractSettlementService } from '@park/billing';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { ValidInput, type RequestInput } from '@park/platform';
import { BillingApi } from '../errors/billing-api.decorators';
import { ContractSettlements, RecordSettlement } from '../requests/contract-settlements.requests';

const OPERATORS = { roles: ['operator-admin', 'operator-finance'] } as const;
const OWN_TENANT = { roles: ['tenant-admin', 'tenant-viewer'], scope: 'tenant', param: 'tenantId' } as const;

@ApiTags('tenants')
@BillingApi()
@Controller('v1/tenants/:tenantId/contracts/:contractId/settlements')
export class ContractSettlementsController {
  constructor(private readonly settlements: ContractSettlementService) {}

  @Post()
  @Allow(OPERATORS)
  @ApiOperation({
    summary:
      "Record a contract's settlement under a contract-settlement programme: the subsidy is computed (every step " +
      'kept), posted to the ledger and claimed once, on a claim line of its own',
  })
  record(
    @ValidInput(RecordSettlement) { params, body }: RequestInput<typeof RecordSettlement>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.settlements.record(params.tenantId, params.contractId, body, actorOf(me));
  }

  @Get()
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({ summary: "A contract's settlements and their subsidies, with the computation's steps" })
  list(@ValidInput(ContractSettlements) { params }: RequestInput<typeof ContractSettlements>) {
    return this.settlements.list(params.tenantId, params.contractId);
  }
}
