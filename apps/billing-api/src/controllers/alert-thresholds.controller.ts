import { Controller, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { AlertThresholdsService } from '@park/billing';
import { ValidInput, type RequestInput } from '@park/platform';
import { BillingApi } from '../errors/billing-api.decorators';
import { GrantAlerts, ProgrammeAlerts } from '../requests/alert-thresholds.requests';

const ADMIN = { roles: ['operator-admin'] } as const;

/** When grant.balance_low and grant.expiring fire: on a programme, or one grant overriding its programme's. */
@ApiTags('notifications')
@BillingApi()
@Controller('v1')
export class AlertThresholdsController {
  constructor(private readonly thresholds: AlertThresholdsService) {}

  @Put('programmes/:id/alerts')
  @Allow(ADMIN)
  @ApiOperation({ summary: "Set a programme's alert thresholds for its grants (balance low %, amount; expiring days)" })
  programme(
    @ValidInput(ProgrammeAlerts) { params, body }: RequestInput<typeof ProgrammeAlerts>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.thresholds.setForProgramme(params.id, body, actorOf(me));
  }

  @Put('tenants/:tenantId/grants/:grantId/alerts')
  @Allow(ADMIN)
  @ApiOperation({ summary: "Set one grant's alert thresholds (they override its programme's)" })
  grant(
    @ValidInput(GrantAlerts) { params, body }: RequestInput<typeof GrantAlerts>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.thresholds.setForGrant(params.tenantId, params.grantId, body, actorOf(me));
  }
}
