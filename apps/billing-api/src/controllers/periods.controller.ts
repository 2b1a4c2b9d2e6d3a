import { Body, Controller, Get, Param, Post, Query, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { PeriodCloseService } from '@park/billing';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { BillingExceptionFilter } from '../billing-exception.filter';
import { DecimalJsonInterceptor } from '../decimal-json.interceptor';
import { ClosePeriodDoc, ErrorDoc } from '../dto/billing.dto';

@ApiTags('periods')
@ApiBadRequestResponse({ type: ErrorDoc })
@UseFilters(BillingExceptionFilter)
@UseInterceptors(DecimalJsonInterceptor)
@Controller('v1/periods')
export class PeriodsController {
  constructor(private readonly close: PeriodCloseService) {}

  @Get()
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: 'Billing periods of a park (open → closing → closed)' })
  @ApiQuery({ name: 'parkId', required: false })
  list(@Query('parkId') parkId?: string) {
    return this.close.list(parkId || 'main');
  }

  @Get(':periodId')
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: 'One period with the close progress (issuedCount / tenantCount)' })
  @ApiQuery({ name: 'parkId', required: false })
  get(@Param('periodId') periodId: string, @Query('parkId') parkId?: string) {
    return this.close.get(parkId || 'main', periodId);
  }

  @Get(':periodId/close')
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: "A close's progress: tenants total / done / pending / failed (each with its reason) / held" })
  @ApiQuery({ name: 'parkId', required: false })
  progress(@Param('periodId') periodId: string, @Query('parkId') parkId?: string) {
    return this.close.progress(parkId || 'main', periodId);
  }

  @Post(':periodId/close')
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({
    summary: 'Close a period: one BullMQ job per tenant issues its statement (idempotent); again: retries the failed tenants',
    description: '503 QUEUE_UNAVAILABLE when Redis does not answer within REDIS_TIMEOUT_MS: the period is left as it was.',
  })
  @ApiBody({ type: ClosePeriodDoc, required: false })
  start(@Param('periodId') periodId: string, @CurrentPrincipal() me: Principal, @Body() body?: { parkId?: string }) {
    return this.close.startClose({ parkId: body?.parkId || 'main', periodId, actor: actorOf(me) });
  }
}
