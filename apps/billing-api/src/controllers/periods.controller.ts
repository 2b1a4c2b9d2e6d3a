import { Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PeriodCloseService } from '@park/billing';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { ValidInput, type RequestInput } from '@park/platform';
import { BillingApi } from '../errors/billing-api.decorators';
import { ClosePeriod, ListPeriods, PeriodById } from '../requests/periods.requests';

@ApiTags('periods')
@BillingApi()
@Controller('v1/periods')
export class PeriodsController {
  constructor(private readonly close: PeriodCloseService) {}

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
    summary: "A close's progress: tenants total / done / pending / failed (each with its reason) / held",
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
}
