import { Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InvoicingPartyService } from '@park/billing';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { ValidInput, type RequestInput } from '@park/platform';
import { BillingApi } from '../errors/billing-api.decorators';
import { ParkParty, RecordParkParty, RecordTenantParty, TenantParty } from '../requests/parties.requests';

const OPERATORS = { roles: ['operator-admin', 'operator-finance'] } as const;
const OWN_TENANT = { roles: ['tenant-admin', 'tenant-viewer'], scope: 'tenant', param: 'tenantId' } as const;
const OWN_TENANT_ADMIN = { roles: ['tenant-admin'], scope: 'tenant', param: 'tenantId' } as const;

/** 开票信息 of the seller (a park's operator) and of each buyer (tenant), printed on statements. */
@ApiTags('invoicing parties')
@BillingApi()
@Controller('v1')
export class InvoicingPartiesController {
  constructor(private readonly parties: InvoicingPartyService) {}

  @Get('parks/:parkId/invoicing-party')
  @Allow(OPERATORS)
  @ApiOperation({ summary: "The park operator's invoicing details in force (the seller on statements)" })
  park(@ValidInput(ParkParty) { params }: RequestInput<typeof ParkParty>) {
    return this.parties.current('park', params.parkId);
  }

  @Put('parks/:parkId/invoicing-party')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: "Record the park operator's invoicing details as a new version (from now on)" })
  recordPark(
    @ValidInput(RecordParkParty) { params, body }: RequestInput<typeof RecordParkParty>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.parties.record('park', params.parkId, body, actorOf(me));
  }

  @Get('parks/:parkId/invoicing-party/versions')
  @Allow(OPERATORS)
  @ApiOperation({ summary: "Every version of the park operator's invoicing details, newest first" })
  parkVersions(@ValidInput(ParkParty) { params }: RequestInput<typeof ParkParty>) {
    return this.parties.versions('park', params.parkId);
  }

  @Get('tenants/:tenantId/invoicing-party')
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({ summary: "A tenant's invoicing details in force (the buyer on its statements)" })
  tenant(@ValidInput(TenantParty) { params }: RequestInput<typeof TenantParty>) {
    return this.parties.current('tenant', params.tenantId);
  }

  @Put('tenants/:tenantId/invoicing-party')
  @Allow({ roles: ['operator-admin'] }, OWN_TENANT_ADMIN)
  @ApiOperation({ summary: "Record a tenant's invoicing details as a new version (from now on)" })
  recordTenant(
    @ValidInput(RecordTenantParty) { params, body }: RequestInput<typeof RecordTenantParty>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.parties.record('tenant', params.tenantId, body, actorOf(me));
  }

  @Get('tenants/:tenantId/invoicing-party/versions')
  @Allow(OPERATORS, OWN_TENANT)
  @ApiOperation({ summary: "Every version of a tenant's invoicing details, newest first" })
  tenantVersions(@ValidInput(TenantParty) { params }: RequestInput<typeof TenantParty>) {
    return this.parties.versions('tenant', params.tenantId);
  }
}
