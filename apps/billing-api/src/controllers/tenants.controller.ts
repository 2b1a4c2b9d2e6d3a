import { Controller, Get, Patch, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ContractService,
  StatementService,
  TenantService,
  UsageReadService,
  UsageTrendService,
  UsageWorkbookService,
} from '@park/billing';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { ValidInput, type RequestInput } from '@park/platform';
import { BillingApi } from '../errors/billing-api.decorators';
import {
  AddContract,
  CreateTenant,
  ListTenants,
  TenantById,
  TenantDailyUsage,
  TenantUsage,
  UpdateTenant,
} from '../requests/tenants.requests';
import { sendDownload } from './send-download';

const OPERATORS = { roles: ['operator-admin', 'operator-finance'] } as const;
const OWN_TENANT = { roles: ['tenant-admin', 'tenant-viewer'], scope: 'tenant', param: 'tenantId' } as const;

@ApiTags('tenants')
@BillingApi()
@Controller('v1/tenants')
export class TenantsController {
  constructor(
    private readonly tenants: TenantService,
    private readonly contracts: ContractService,
    private readonly usage: UsageReadService,
    private readonly statements: StatementService,
    private readonly usageWorkbooks: UsageWorkbookService,
    private readonly trend: UsageTrendService,
  ) {}

  @Get()
  @Allow(OPERATORS)
  @ApiOperation({ summary: 'Tenants (入驻企业)' })
  list(@ValidInput(ListTenants) { query }: RequestInput<typeof ListTenants>) {
    return this.tenants.list({ parkId: query.parkId });
  }

  @Post()
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Register a tenant (USCC checked with its GB 32100-2015 check character)' })
  create(@ValidInput(CreateTenant) { body }: RequestInput<typeof CreateTenant>, @CurrentPrincipal() me: Principal) {
    return this.tenants.create(body, actorOf(me));
  }

  @Get(':tenantId')
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({ summary: 'One tenant' })
  get(@ValidInput(TenantById) { params }: RequestInput<typeof TenantById>) {
    return this.tenants.get(params.tenantId);
  }

  @Patch(':tenantId')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Update name, USCC, province, flags or price book' })
  update(
    @ValidInput(UpdateTenant) { params, body }: RequestInput<typeof UpdateTenant>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.tenants.update(params.tenantId, body, actorOf(me));
  }

  @Get(':tenantId/contracts')
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({ summary: "A tenant's contracts" })
  contractsOf(@ValidInput(TenantById) { params }: RequestInput<typeof TenantById>) {
    return this.contracts.list(params.tenantId);
  }

  @Post(':tenantId/contracts')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Add a contract (own prices, discount, committed spend)' })
  addContract(
    @ValidInput(AddContract) { params, body }: RequestInput<typeof AddContract>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.contracts.create(params.tenantId, body, actorOf(me));
  }

  @Get(':tenantId/usage')
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({ summary: "A tenant's own usage per SKU in a period (default: the current month, to date)" })
  usageOf(@ValidInput(TenantUsage) { params, query }: RequestInput<typeof TenantUsage>) {
    return this.usage.bySku(params.tenantId, query.period);
  }

  @Get(':tenantId/usage.xlsx')
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({
    summary:
      "A tenant's usage detail of a period as Excel: per SKU (quantities, the issued statement's amounts, a total " +
      'row) and per job (job id, type, SKU, clusters, quantity); SHA-256 of the bytes in x-content-sha256',
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async usageXlsx(@ValidInput(TenantUsage) { params, query }: RequestInput<typeof TenantUsage>, @Res() res: Response) {
    const out = await this.usageWorkbooks.workbook(params.tenantId, query.period);
    sendDownload(res, out);
  }

  @Get(':tenantId/usage/daily')
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({
    summary:
      "A tenant's usage and cost per day (Asia/Shanghai) × SKU in a period (default: the current month, to date); " +
      "a day's cost is what it added to the month's gross at the tenant's prices, before vouchers",
  })
  dailyUsageOf(@ValidInput(TenantDailyUsage) { params, query }: RequestInput<typeof TenantDailyUsage>) {
    return this.trend.daily(params.tenantId, query.period);
  }

  @Get(':tenantId/charges')
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({
    summary:
      'Amounts billed back to the tenant (rejected claim amounts, clawbacks); pending ones go on its next statement',
  })
  charges(@ValidInput(TenantById) { params }: RequestInput<typeof TenantById>) {
    return this.statements.listCharges(params.tenantId);
  }
}
