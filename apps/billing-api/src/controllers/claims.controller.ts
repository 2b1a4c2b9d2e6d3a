import { Body, Controller, Get, Param, Post, Query, Res, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { ClaimService, type CreateClaimInput, type ReviewDecision } from '@park/claims';
import { BillingExceptionFilter } from '../billing-exception.filter';
import { DecimalJsonInterceptor } from '../decimal-json.interceptor';
import { actorOf } from '@park/audit-store';
import { ErrorDoc } from '../dto/billing.dto';

const OPERATORS = { roles: ['operator-admin', 'operator-finance'] } as const;
const OWN_BUREAU = { roles: ['bureau-auditor'], scope: 'bureau', resolver: 'claim' } as const;

/** Reimbursement claims (兑付申请): operators build, submit and record payment; the programme's bureau reviews. */
@ApiTags('claims')
@ApiBadRequestResponse({ type: ErrorDoc })
@UseFilters(BillingExceptionFilter)
@UseInterceptors(DecimalJsonInterceptor)
@Controller('v1/claims')
export class ClaimsController {
  constructor(private readonly claims: ClaimService) {}

  @Post()
  @Allow(OPERATORS)
  @ApiOperation({ summary: "Build a draft claim of a programme's settlement cycle, with its evidence pack" })
  create(@Body() body: CreateClaimInput, @CurrentPrincipal() me: Principal) {
    return this.claims.create(body ?? ({} as CreateClaimInput), actorOf(me));
  }

  @Get()
  @Allow(OPERATORS, { roles: ['bureau-auditor'], scope: 'bureau', own: true })
  @ApiOperation({ summary: 'Claims, newest first (a bureau auditor: its own bureau\'s only)' })
  @ApiQuery({ name: 'programmeId', required: false })
  @ApiQuery({ name: 'status', required: false, example: 'under_review' })
  list(@CurrentPrincipal() me: Principal, @Query('programmeId') programmeId?: string, @Query('status') status?: string) {
    // operators see every bureau's; an auditor only ever its own (the rule above is `own: true`)
    const bureauId = me.role === 'bureau-auditor' ? (me.bureauId ?? '') : undefined;
    return this.claims.list({ bureauId, programmeId, status });
  }

  @Get(':claimId')
  @Allow(OPERATORS, OWN_BUREAU)
  @ApiOperation({ summary: 'A claim, its lines and its reconciliation with the ledger' })
  get(@Param('claimId') claimId: string) {
    return this.claims.get(claimId);
  }

  @Post(':claimId/submit')
  @Allow(OPERATORS)
  @ApiOperation({ summary: 'Submit a draft claim to the bureau' })
  submit(@Param('claimId') claimId: string, @CurrentPrincipal() me: Principal) {
    return this.claims.submit(claimId, actorOf(me));
  }

  @Post(':claimId/start-review')
  @Allow(OWN_BUREAU)
  @ApiOperation({ summary: 'The bureau takes a submitted claim under review' })
  startReview(@Param('claimId') claimId: string, @CurrentPrincipal() me: Principal) {
    return this.claims.startReview(claimId, actorOf(me));
  }

  @Post(':claimId/review')
  @Allow(OWN_BUREAU)
  @ApiOperation({ summary: "The bureau's decision on every line (rejections with a reason)" })
  review(@Param('claimId') claimId: string, @Body() body: { decisions: ReviewDecision[] }, @CurrentPrincipal() me: Principal) {
    return this.claims.review(claimId, body?.decisions, actorOf(me));
  }

  @Post(':claimId/pay')
  @Allow(OPERATORS)
  @ApiOperation({ summary: "Record the bureau's payment of an approved or partly approved claim" })
  pay(@Param('claimId') claimId: string, @Body() body: { paymentReference: string }, @CurrentPrincipal() me: Principal) {
    return this.claims.pay(claimId, body?.paymentReference, actorOf(me));
  }

  @Get(':claimId/drilldown')
  @Allow(OPERATORS, OWN_BUREAU)
  @ApiOperation({ summary: 'Claim → statements → statement lines → per-job quantities, with totals reconciled at each level' })
  drillDown(@Param('claimId') claimId: string) {
    return this.claims.drillDown(claimId);
  }

  @Get(':claimId/evidence/verify')
  @Allow(OPERATORS, OWN_BUREAU)
  @ApiOperation({ summary: 'Recompute the evidence files\' digests: names any file that changed' })
  verify(@Param('claimId') claimId: string) {
    return this.claims.verifyEvidence(claimId);
  }

  @Get(':claimId/evidence/:name')
  @Allow(OPERATORS, OWN_BUREAU)
  @ApiOperation({ summary: 'One file of the evidence pack (manifest.json, summary.pdf, tenants.csv, statements.csv, statement-lines.csv, usage-by-job.csv)' })
  async file(@Param('claimId') claimId: string, @Param('name') name: string, @Res() res: Response) {
    const file = await this.claims.evidenceFile(claimId, name);
    res.setHeader('content-type', file.contentType);
    res.setHeader('content-disposition', `attachment; filename="${file.name}"`);
    res.send(file.content);
  }
}
