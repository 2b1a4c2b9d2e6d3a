import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { ValidInput, type RequestInput } from '@park/platform';
import { ReconciliationService } from '@park/reconciliation';
import { BillingApi } from '../errors/billing-api.decorators';
import {
  ListFindings,
  ReconciliationRunById,
  ResolveFinding,
  StartReconciliationRun,
} from '../requests/reconciliation.requests';

const OPERATORS = { roles: ['operator-admin', 'operator-finance'] } as const;
const ADMIN = { roles: ['operator-admin'] } as const;

@ApiTags('reconciliation')
@BillingApi()
@Controller('v1/reconciliation')
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  @Post('runs')
  @HttpCode(202)
  @Allow(ADMIN)
  @ApiOperation({ summary: 'Start a reconciliation over whole UTC days (a BullMQ job); 202 with the run id' })
  start(
    @ValidInput(StartReconciliationRun) { body }: RequestInput<typeof StartReconciliationRun>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.reconciliation.startRun(body, actorOf(me));
  }

  @Get('runs/:runId')
  @Allow(OPERATORS)
  @ApiOperation({
    summary: 'A run: status, per kind matched / mismatched / missing, and its findings with both numbers',
  })
  run(@ValidInput(ReconciliationRunById) { params }: RequestInput<typeof ReconciliationRunById>) {
    return this.reconciliation.getRun(params.runId);
  }

  @Get('findings')
  @Allow(OPERATORS)
  @ApiOperation({ summary: 'Findings of every run, oldest first (at most 1,000); ?status=open|resolved' })
  findings(@ValidInput(ListFindings) { query }: RequestInput<typeof ListFindings>) {
    return this.reconciliation.findings({ status: query.status, parkId: query.parkId });
  }

  @Post('findings/:findingId/resolve')
  @HttpCode(200)
  @Allow(ADMIN)
  @ApiOperation({ summary: 'Resolve an open finding with a reason (an audit event)' })
  resolve(
    @ValidInput(ResolveFinding) { params, body }: RequestInput<typeof ResolveFinding>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.reconciliation.resolve(params.findingId, body.reason, actorOf(me));
  }
}
