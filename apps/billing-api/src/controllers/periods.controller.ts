import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CloseHoldService, PeriodCloseService } from '@park/billing';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { ValidInput, type RequestInput } from '@park/platform';
import { BillingApi } from '../errors/billing-api.decorators';
import { ClosePeriod, ListPeriods, OverrideHold, PeriodById } from '../requests/periods.requests';

@ApiTags('periods')
@BillingApi()
@Controller('v1/periods')
export class PeriodsController {
  constructor(
    private readonly close: PeriodCloseService,
    private readonly holds: CloseHoldService,
  ) {}

  @Get()
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: 'Billing periods of a park (open → closing → closed)' })
  list(@ValidInput(ListPeriods) { query }: RequestInput<typeof ListPeriods>) {
    return this.close.list(query.parkId || 'main');
  }

  @Get(':periodId')
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: 'One period with the close progress (issuedCount / tenantCount)' })
  get(@ValidInput(PeriodById) { params, query }: RequestInput<typeof PeriodById>) {
    return this.close.get(query.parkId || 'main', params.periodId);
  }

  @Get(':periodId/close')
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({
    summary:
      "A close's progress: tenants total / done / pending / failed (each with its reason) / held (each with the " +
      'open reconciliation findings that hold its statement)',
  })
  progress(@ValidInput(PeriodById) { params, query }: RequestInput<typeof PeriodById>) {
    return this.close.progress(query.parkId || 'main', params.periodId);
  }

  @Post(':periodId/close')
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({
    summary:
      'Close a period: one BullMQ job per tenant issues its statement (idempotent); again: retries failed tenants',
    description:
      '503 QUEUE_UNAVAILABLE when Redis does not answer within REDIS_TIMEOUT_MS: the period is left as it was.',
  })
  start(
    @ValidInput(ClosePeriod) { params, body }: RequestInput<typeof ClosePeriod>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.close.startClose({ parkId: body?.parkId || 'main', periodId: params.periodId, actor: actorOf(me) });
  }

  @Post(':periodId/holds/:tenantId/override')
  @HttpCode(200)
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({
    summary: "Override the hold on a tenant's statement with a reason (an audit event): it issues despite its findings",
    description: '409 NOT_HELD when that statement is not held. The findings stay open until resolved.',
  })
  override(
    @ValidInput(OverrideHold) { params, body }: RequestInput<typeof OverrideHold>,
    @CurrentPrincipal() me: Principal,
  ) {
    const { periodId, tenantId } = params;
    return this.holds.override({
      parkId: body.parkId || 'main',
      periodId,
      tenantId,
      reason: body.reason,
      actor: actorOf(me),
    });
  }
}
