import { Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { GrantService } from '@park/billing';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { ValidInput, type RequestInput } from '@park/platform';
import { BillingApi } from '../errors/billing-api.decorators';
import { ChangeGrantStatus, GrantById, IssueGrant, TenantGrants } from '../requests/grants.requests';

const OPERATORS = { roles: ['operator-admin', 'operator-finance'] } as const;
const OWN_TENANT = { roles: ['tenant-admin', 'tenant-viewer'], scope: 'tenant', param: 'tenantId' } as const;
type StatusChange = RequestInput<typeof ChangeGrantStatus>;

@ApiTags('grants')
@BillingApi()
@Controller('v1/tenants/:tenantId/grants')
export class GrantsController {
  constructor(private readonly grants: GrantService) {}

  @Post()
  @Allow(OPERATORS)
  @ApiOperation({ summary: 'Issue a grant (voucher) to the tenant; its face value is posted to the ledger' })
  issue(@ValidInput(IssueGrant) { params, body }: RequestInput<typeof IssueGrant>, @CurrentPrincipal() me: Principal) {
    return this.grants.issue(params.tenantId, body, actorOf(me));
  }

  @Get()
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({ summary: "The tenant's vouchers with balances and validity" })
  list(@ValidInput(TenantGrants) { params }: RequestInput<typeof TenantGrants>) {
    return this.grants.list(params.tenantId);
  }

  @Get(':grantId')
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({ summary: 'One grant with its balance (sum of its ledger postings)' })
  get(@ValidInput(GrantById) { params }: RequestInput<typeof GrantById>) {
    return this.grants.get(params.tenantId, params.grantId);
  }

  @Get(':grantId/ledger')
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({ summary: "The grant's ledger history (append-only)" })
  ledger(@ValidInput(GrantById) { params }: RequestInput<typeof GrantById>) {
    return this.grants.history(params.tenantId, params.grantId);
  }

  @Post(':grantId/suspend')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Suspend a grant (it pays nothing until reactivated)' })
  suspend(@ValidInput(ChangeGrantStatus) { params, body }: StatusChange, @CurrentPrincipal() me: Principal) {
    return this.grants.setStatus(params.tenantId, params.grantId, 'suspended', body?.reason ?? null, actorOf(me));
  }

  @Post(':grantId/reactivate')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Reactivate a suspended grant' })
  reactivate(@ValidInput(GrantById) { params }: RequestInput<typeof GrantById>, @CurrentPrincipal() me: Principal) {
    return this.grants.setStatus(params.tenantId, params.grantId, 'active', null, actorOf(me));
  }

  @Post(':grantId/revoke')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Revoke a grant (final)' })
  revoke(@ValidInput(ChangeGrantStatus) { params, body }: StatusChange, @CurrentPrincipal() me: Principal) {
    return this.grants.setStatus(params.tenantId, params.grantId, 'revoked', body?.reason ?? null, actorOf(me));
  }
}
