import { Body, Controller, Get, Param, Post, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GrantService, type GrantInput } from '@park/billing';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { BillingExceptionFilter } from '../billing-exception.filter';
import { DecimalJsonInterceptor } from '../decimal-json.interceptor';
import { actorOf } from '@park/audit-store';
import { ErrorDoc, GrantDoc, GrantStatusDoc } from '../dto/billing.dto';

@ApiTags('grants')
@ApiBadRequestResponse({ type: ErrorDoc })
@UseFilters(BillingExceptionFilter)
@UseInterceptors(DecimalJsonInterceptor)
@Controller('v1/tenants/:tenantId/grants')
export class GrantsController {
  constructor(private readonly grants: GrantService) {}

  @Post()
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: 'Issue a grant (voucher) to the tenant; its face value is posted to the ledger' })
  @ApiBody({ type: GrantDoc })
  issue(@Param('tenantId') tenantId: string, @Body() body: GrantInput, @CurrentPrincipal() me: Principal) {
    return this.grants.issue(tenantId, body, actorOf(me));
  }

  @Get()
  @Allow({ roles: ['operator-admin', 'operator-finance'] }, { roles: ['tenant-admin', 'tenant-viewer'], scope: 'tenant', param: 'tenantId' })
  @ApiOperation({ summary: "The tenant's vouchers with balances and validity" })
  list(@Param('tenantId') tenantId: string) {
    return this.grants.list(tenantId);
  }

  @Get(':grantId')
  @Allow({ roles: ['operator-admin', 'operator-finance'] }, { roles: ['tenant-admin', 'tenant-viewer'], scope: 'tenant', param: 'tenantId' })
  @ApiOperation({ summary: 'One grant with its balance (sum of its ledger postings)' })
  get(@Param('tenantId') tenantId: string, @Param('grantId') grantId: string) {
    return this.grants.get(tenantId, grantId);
  }

  @Get(':grantId/ledger')
  @Allow({ roles: ['operator-admin', 'operator-finance'] }, { roles: ['tenant-admin', 'tenant-viewer'], scope: 'tenant', param: 'tenantId' })
  @ApiOperation({ summary: "The grant's ledger history (append-only)" })
  ledger(@Param('tenantId') tenantId: string, @Param('grantId') grantId: string) {
    return this.grants.history(tenantId, grantId);
  }

  @Post(':grantId/suspend')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Suspend a grant (it pays nothing until reactivated)' })
  @ApiBody({ type: GrantStatusDoc, required: false })
  suspend(@Param('tenantId') tenantId: string, @Param('grantId') grantId: string, @CurrentPrincipal() me: Principal, @Body() body?: { reason?: string }) {
    return this.grants.setStatus(tenantId, grantId, 'suspended', body?.reason ?? null, actorOf(me));
  }

  @Post(':grantId/reactivate')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Reactivate a suspended grant' })
  reactivate(@Param('tenantId') tenantId: string, @Param('grantId') grantId: string, @CurrentPrincipal() me: Principal) {
    return this.grants.setStatus(tenantId, grantId, 'active', null, actorOf(me));
  }

  @Post(':grantId/revoke')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Revoke a grant (final)' })
  @ApiBody({ type: GrantStatusDoc, required: false })
  revoke(@Param('tenantId') tenantId: string, @Param('grantId') grantId: string, @CurrentPrincipal() me: Principal, @Body() body?: { reason?: string }) {
    return this.grants.setStatus(tenantId, grantId, 'revoked', body?.reason ?? null, actorOf(me));
  }
}
