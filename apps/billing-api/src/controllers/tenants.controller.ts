import { Body, Controller, Get, Param, Patch, Post, Query, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ContractService, StatementService, TenantService, UsageReadService, type ContractInput, type TenantInput } from '@park/billing';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { BillingExceptionFilter } from '../billing-exception.filter';
import { DecimalJsonInterceptor } from '../decimal-json.interceptor';
import { ContractDoc, ErrorDoc, TenantDoc } from '../dto/billing.dto';
import { actorOf } from '@park/audit-store';

@ApiTags('tenants')
@ApiBadRequestResponse({ type: ErrorDoc })
@UseFilters(BillingExceptionFilter)
@UseInterceptors(DecimalJsonInterceptor)
@Controller('v1/tenants')
export class TenantsController {
  constructor(
    private readonly tenants: TenantService,
    private readonly contracts: ContractService,
    private readonly usage: UsageReadService,
    private readonly statements: StatementService,
  ) {}

  @Get()
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: 'Tenants (入驻企业)' })
  @ApiQuery({ name: 'parkId', required: false })
  list(@Query('parkId') parkId?: string) {
    return this.tenants.list({ parkId });
  }

  @Post()
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Register a tenant (USCC checked with its GB 32100-2015 check character)' })
  @ApiBody({ type: TenantDoc })
  create(@Body() body: TenantInput, @CurrentPrincipal() me: Principal) {
    return this.tenants.create(body, actorOf(me));
  }

  @Get(':tenantId')
  @Allow({ roles: ['operator-admin', 'operator-finance'] }, { roles: ['tenant-admin', 'tenant-viewer'], scope: 'tenant', param: 'tenantId' })
  @ApiOperation({ summary: 'One tenant' })
  get(@Param('tenantId') tenantId: string) {
    return this.tenants.get(tenantId);
  }

  @Patch(':tenantId')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Update name, USCC, province, flags or price book' })
  @ApiBody({ type: TenantDoc })
  update(@Param('tenantId') tenantId: string, @Body() body: Partial<TenantInput>, @CurrentPrincipal() me: Principal) {
    return this.tenants.update(tenantId, body, actorOf(me));
  }

  @Get(':tenantId/contracts')
  @Allow({ roles: ['operator-admin', 'operator-finance'] }, { roles: ['tenant-admin', 'tenant-viewer'], scope: 'tenant', param: 'tenantId' })
  @ApiOperation({ summary: "A tenant's contracts" })
  contractsOf(@Param('tenantId') tenantId: string) {
    return this.contracts.list(tenantId);
  }

  @Post(':tenantId/contracts')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Add a contract (own prices, discount, committed spend)' })
  @ApiBody({ type: ContractDoc })
  addContract(@Param('tenantId') tenantId: string, @Body() body: ContractInput, @CurrentPrincipal() me: Principal) {
    return this.contracts.create(tenantId, body, actorOf(me));
  }

  @Get(':tenantId/usage')
  @Allow({ roles: ['operator-admin', 'operator-finance'] }, { roles: ['tenant-admin', 'tenant-viewer'], scope: 'tenant', param: 'tenantId' })
  @ApiOperation({ summary: "A tenant's own usage per SKU in a period (month to date for the current one)" })
  @ApiQuery({ name: 'period', example: '2026-10' })
  usageOf(@Param('tenantId') tenantId: string, @Query('period') period: string) {
    return this.usage.bySku(tenantId, period);
  }

  @Get(':tenantId/charges')
  @Allow({ roles: ['operator-admin', 'operator-finance'] }, { roles: ['tenant-admin', 'tenant-viewer'], scope: 'tenant', param: 'tenantId' })
  @ApiOperation({ summary: "Amounts billed back to the tenant (claim amounts a bureau rejected, clawbacks): pending ones go on its next statement" })
  charges(@Param('tenantId') tenantId: string) {
    return this.statements.listCharges(tenantId);
  }
}
