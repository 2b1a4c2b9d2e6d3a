import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { InvalidInput } from '@park/billing';
import { RECONCILIATION_KINDS, ReconciliationService } from '@park/reconciliation';
import { BillingExceptionFilter } from '../billing-exception.filter';
import { DecimalJsonInterceptor } from '../decimal-json.interceptor';
import { ErrorDoc, ResolveFindingDoc, StartReconciliationDoc } from '../dto/reconciliation.dto';

const OPERATORS = { roles: ['operator-admin', 'operator-finance'] } as const;
const ADMIN = { roles: ['operator-admin'] } as const;

/** The edge's shape checks; the domain (checkRunInput) then checks the days themselves, every problem at once. */
const StartRunBody = z.strictObject({
  kinds: z.array(z.enum(RECONCILIATION_KINDS)).min(1).optional(),
  fromDay: z.string(),
  toDay: z.string(),
  parkId: z.string().min(1).max(64).optional(),
  thresholds: z.strictObject({ maxConsumerLag: z.number().int().nonnegative().optional(), maxRejectionRate: z.string().regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/).optional() }).optional(),
});
const ResolveBody = z.strictObject({ reason: z.string().trim().min(3).max(2_000) });
const FindingStatus = z.enum(['open', 'resolved']).optional();

function parse<T>(schema: z.ZodType<T>, value: unknown, subject: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidInput(subject, result.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message })));
}

@ApiTags('reconciliation')
@ApiBadRequestResponse({ type: ErrorDoc })
@UseFilters(BillingExceptionFilter)
@UseInterceptors(DecimalJsonInterceptor)
@Controller('v1/reconciliation')
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  @Post('runs')
  @HttpCode(202)
  @Allow(ADMIN)
  @ApiOperation({ summary: 'Start a reconciliation over whole UTC days (a BullMQ job); 202 with the run id' })
  @ApiBody({ type: StartReconciliationDoc })
  start(@Body() body: unknown, @CurrentPrincipal() me: Principal) {
    const input = parse(StartRunBody, body ?? {}, 'reconciliation run');
    return this.reconciliation.startRun(input, actorOf(me));
  }

  @Get('runs/:runId')
  @Allow(OPERATORS)
  @ApiOperation({ summary: 'A run: status, per kind matched / mismatched / missing, and its findings with both numbers' })
  run(@Param('runId') runId: string) {
    return this.reconciliation.getRun(runId);
  }

  @Get('findings')
  @Allow(OPERATORS)
  @ApiOperation({ summary: 'Findings of every run, oldest first (at most 1,000); ?status=open|resolved' })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'resolved'] })
  @ApiQuery({ name: 'parkId', required: false })
  findings(@Query('status') status?: string, @Query('parkId') parkId?: string) {
    return this.reconciliation.findings({ status: parse(FindingStatus, status, 'findings query'), parkId: parkId || undefined });
  }

  @Post('findings/:findingId/resolve')
  @HttpCode(200)
  @Allow(ADMIN)
  @ApiOperation({ summary: 'Resolve an open finding with a reason (an audit event)' })
  @ApiBody({ type: ResolveFindingDoc })
  resolve(@Param('findingId') findingId: string, @Body() body: unknown, @CurrentPrincipal() me: Principal) {
    const { reason } = parse(ResolveBody, body ?? {}, 'finding resolution');
    return this.reconciliation.resolve(findingId, reason, actorOf(me));
  }
}
