import { Controller, Get, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UsageBackfillService } from '@park/billing';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { openApiSchemaOf, ValidInput, type RequestInput } from '@park/platform';
import { BillingApi, errorBody } from '../errors/billing-api.decorators';
import { BackfillById, ListBackfills, RequestBackfill } from '../requests/backfills.requests';

const OPERATORS = { roles: ['operator-admin', 'operator-finance'] } as const;

@ApiTags('backfills')
@BillingApi()
@Controller('v1/backfills')
export class BackfillsController {
  constructor(private readonly backfills: UsageBackfillService) {}

  @Post()
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({
    summary: 'Request a backfill of usage older than the 35-day ingest window (validated now, stored on approval)',
  })
  request(
    @ValidInput(RequestBackfill) { body }: RequestInput<typeof RequestBackfill>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.backfills.request(body, actorOf(me));
  }

  @Get()
  @Allow(OPERATORS)
  @ApiOperation({ summary: 'Backfills, newest first (at most 200)' })
  list(@ValidInput(ListBackfills) { query }: RequestInput<typeof ListBackfills>) {
    return this.backfills.list({ status: query.status });
  }

  @Get(':backfillId')
  @Allow(OPERATORS)
  @ApiOperation({ summary: 'One backfill: its reason, who requested and approved it, what it brought in' })
  get(@ValidInput(BackfillById) { params }: RequestInput<typeof BackfillById>) {
    return this.backfills.get(params.backfillId);
  }

  @Post(':backfillId/approve')
  @Allow(OPERATORS)
  @ApiOperation({
    summary: 'Approve (another operator than the requester): the records go into ClickHouse once (idempotent)',
  })
  @ApiConflictResponse({ description: 'BACKFILL_NEEDS_SECOND_OPERATOR', schema: openApiSchemaOf(errorBody) })
  approve(@ValidInput(BackfillById) { params }: RequestInput<typeof BackfillById>, @CurrentPrincipal() me: Principal) {
    return this.backfills.approve(params.backfillId, actorOf(me));
  }
}
