import { Controller, Get, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { ClawbackService } from '@park/claims';
import { openApiSchemaOf, ValidInput, type RequestInput } from '@park/platform';
import { BillingApi, errorBody } from '../errors/billing-api.decorators';
import { CreateClawback, ProgrammeClawbacks } from '../requests/clawbacks.requests';

/**
 * The auditor of the bureau that issued programme :id (resolver 'programme'), or the operator on its written decision.
 */
const OWN_BUREAU = { roles: ['bureau-auditor'], scope: 'bureau', resolver: 'programme' } as const;

/**
 * Clawback (追缴) of a grant obtained by fraud: reversed in the ledger, billed to the tenant, grant revoked, tenant
 * barred.
 */
@ApiTags('clawbacks')
@BillingApi()
@Controller('v1/programmes/:id/clawbacks')
export class ClawbacksController {
  constructor(private readonly clawbacks: ClawbackService) {}

  @Post()
  @Allow({ roles: ['operator-admin'] }, OWN_BUREAU)
  @ApiOperation({
    summary:
      "Claw back a grant obtained by fraud: its redemptions reversed and billed on the tenant's next statement, the " +
      'grant revoked, the tenant barred',
  })
  @ApiConflictResponse({ description: 'the grant was clawed back before', schema: openApiSchemaOf(errorBody) })
  create(
    @ValidInput(CreateClawback) { params, body }: RequestInput<typeof CreateClawback>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.clawbacks.clawback(params.id, body, actorOf(me));
  }

  @Get()
  @Allow({ roles: ['operator-admin', 'operator-finance'] }, OWN_BUREAU)
  @ApiOperation({
    summary:
      "The programme's clawbacks, each with the claims that had included the grant's redemptions and where the " +
      'tenant is billed',
  })
  list(@ValidInput(ProgrammeClawbacks) { params }: RequestInput<typeof ProgrammeClawbacks>) {
    return this.clawbacks.list(params.id);
  }
}
