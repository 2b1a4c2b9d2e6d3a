import { Body, Controller, Get, Param, Post, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { ClawbackService, type ClawbackInput } from '@park/claims';
import { BillingExceptionFilter } from '../billing-exception.filter';
import { DecimalJsonInterceptor } from '../decimal-json.interceptor';
import { ClawbackDoc, ErrorDoc } from '../dto/billing.dto';

/** The auditor of the bureau that issued programme :id (resolver 'programme'), or the operator on its written decision. */
const OWN_BUREAU = { roles: ['bureau-auditor'], scope: 'bureau', resolver: 'programme' } as const;

/** Clawback (追缴) of a grant obtained by fraud: reversed in the ledger, billed to the tenant, grant revoked, tenant barred. */
@ApiTags('clawbacks')
@ApiBadRequestResponse({ type: ErrorDoc })
@UseFilters(BillingExceptionFilter)
@UseInterceptors(DecimalJsonInterceptor)
@Controller('v1/programmes/:id/clawbacks')
export class ClawbacksController {
  constructor(private readonly clawbacks: ClawbackService) {}

  @Post()
  @Allow({ roles: ['operator-admin'] }, OWN_BUREAU)
  @ApiOperation({ summary: "Claw back a grant obtained by fraud: its redemptions reversed and billed on the tenant's next statement, the grant revoked, the tenant barred" })
  @ApiBody({ type: ClawbackDoc })
  @ApiConflictResponse({ type: ErrorDoc, description: 'the grant was clawed back before' })
  create(@Param('id') programmeId: string, @Body() body: ClawbackInput, @CurrentPrincipal() me: Principal) {
    return this.clawbacks.clawback(programmeId, body ?? ({} as ClawbackInput), actorOf(me));
  }

  @Get()
  @Allow({ roles: ['operator-admin', 'operator-finance'] }, OWN_BUREAU)
  @ApiOperation({ summary: "The programme's clawbacks, each with the claims that had included the grant's redemptions and where the tenant is billed" })
  list(@Param('id') programmeId: string) {
    return this.clawbacks.list(programmeId);
  }
}
