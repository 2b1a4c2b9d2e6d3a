import { Controller, Get, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import type { SettlementCadence } from '@park/billing-domain';
import { ClaimService } from '@park/claims';
import { ValidInput, type RequestInput } from '@park/platform';
import { BillingApi } from '../errors/billing-api.decorators';
import { ClaimById, CreateClaim, EvidenceFile, ListClaims, PayClaim, ReviewClaim } from '../requests/claims.requests';
import { sendDownload } from './send-download';

const OPERATORS = { roles: ['operator-admin', 'operator-finance'] } as const;
const OWN_BUREAU = { roles: ['bureau-auditor'], scope: 'bureau', resolver: 'claim' } as const;

/** Reimbursement claims (兑付申请): operators build, submit and record payment; the programme's bureau reviews. */
@ApiTags('claims')
@BillingApi()
@Controller('v1/claims')
export class ClaimsController {
  constructor(private readonly claims: ClaimService) {}

  @Post()
  @Allow(OPERATORS)
  @ApiOperation({
    summary: "Build a draft claim of a programme's settlement cycle, with its evidence pack",
    description:
      'The claim follows the programme rules version in force at the end of its cycle (a quarter or year: its last ' +
      "month; per contract: the month of the contract's last day, or of its latest line when open-ended), as " +
      'statements of that month are rated: a rules change in the middle of a cycle applies to the whole cycle. ' +
      'Cadence, mechanism and who bears a rejected amount are the same in every version.',
  })
  create(@ValidInput(CreateClaim) { body }: RequestInput<typeof CreateClaim>, @CurrentPrincipal() me: Principal) {
    const cadence = body.settlementCadence as SettlementCadence | undefined;
    return this.claims.create({ ...body, settlementCadence: cadence }, actorOf(me));
  }

  @Get()
  @Allow(OPERATORS, { roles: ['bureau-auditor'], scope: 'bureau', own: true })
  @ApiOperation({ summary: "Claims, newest first (a bureau auditor: its own bureau's only)" })
  list(@CurrentPrincipal() me: Principal, @ValidInput(ListClaims) { query }: RequestInput<typeof ListClaims>) {
    // operators see every bureau's; an auditor only ever its own (the rule above is `own: true`)
    const bureauId = me.role === 'bureau-auditor' ? (me.bureauId ?? '') : undefined;
    return this.claims.list({ bureauId, programmeId: query.programmeId, status: query.status });
  }

  @Get(':claimId')
  @Allow(OPERATORS, OWN_BUREAU)
  @ApiOperation({ summary: 'A claim, its lines and its reconciliation with the ledger' })
  get(@ValidInput(ClaimById) { params: { claimId } }: RequestInput<typeof ClaimById>) {
    return this.claims.get(claimId);
  }

  @Post(':claimId/submit')
  @Allow(OPERATORS)
  @ApiOperation({
    summary: 'Submit a draft claim to the bureau',
    description:
      'Refused (409 CLAIM_EVIDENCE_INCOMPLETE, each missing item an issue) while an item of the checklist of ' +
      "the rules version in force at the cycle's end is missing. The manifest then records the checklist and that " +
      'version: later rules versions do not change a submitted claim.',
  })
  submit(
    @ValidInput(ClaimById) { params: { claimId } }: RequestInput<typeof ClaimById>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.claims.submit(claimId, actorOf(me));
  }

  @Post(':claimId/start-review')
  @Allow(OWN_BUREAU)
  @ApiOperation({ summary: 'The bureau takes a submitted claim under review' })
  startReview(
    @ValidInput(ClaimById) { params: { claimId } }: RequestInput<typeof ClaimById>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.claims.startReview(claimId, actorOf(me));
  }

  @Post(':claimId/review')
  @Allow(OWN_BUREAU)
  @ApiOperation({ summary: "The bureau's decision on every line (rejections with a reason)" })
  review(
    @ValidInput(ReviewClaim) { params, body }: RequestInput<typeof ReviewClaim>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.claims.review(params.claimId, body.decisions, actorOf(me));
  }

  @Post(':claimId/pay')
  @Allow(OPERATORS)
  @ApiOperation({ summary: "Record the bureau's payment of an approved or partly approved claim" })
  pay(@ValidInput(PayClaim) { params, body }: RequestInput<typeof PayClaim>, @CurrentPrincipal() me: Principal) {
    return this.claims.pay(params.claimId, body.paymentReference, actorOf(me));
  }

  @Get(':claimId/drilldown')
  @Allow(OPERATORS, OWN_BUREAU)
  @ApiOperation({
    summary: 'Claim → statements → statement lines → per-job quantities, with totals reconciled at each level',
  })
  drillDown(@ValidInput(ClaimById) { params: { claimId } }: RequestInput<typeof ClaimById>) {
    return this.claims.drillDown(claimId);
  }

  @Get(':claimId/export.xlsx')
  @Allow(OPERATORS, OWN_BUREAU)
  @ApiOperation({
    summary:
      "Excel workbook of the claim's lines (tenant, statement, period, amount, decision, reason; Chinese headers " +
      'first, amounts as numbers with two decimals, a total row); SHA-256 of the bytes in x-content-sha256',
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async xlsx(@ValidInput(ClaimById) { params: { claimId } }: RequestInput<typeof ClaimById>, @Res() res: Response) {
    const out = await this.claims.exportXlsx(claimId);
    sendDownload(res, out);
  }

  @Get(':claimId/evidence/verify')
  @Allow(OPERATORS, OWN_BUREAU)
  @ApiOperation({ summary: "Recompute the evidence files' digests: names any file that changed" })
  verify(@ValidInput(ClaimById) { params: { claimId } }: RequestInput<typeof ClaimById>) {
    return this.claims.verifyEvidence(claimId);
  }

  @Get(':claimId/evidence/:name')
  @Allow(OPERATORS, OWN_BUREAU)
  @ApiOperation({
    summary:
      'One file of the evidence pack (manifest.json, summary.pdf, tenants.csv, statements.csv, ' +
      'statement-lines.csv, usage-by-job.csv, tables.xlsx)',
  })
  async file(@ValidInput(EvidenceFile) { params }: RequestInput<typeof EvidenceFile>, @Res() res: Response) {
    const file = await this.claims.evidenceFile(params.claimId, params.name);
    sendDownload(res, { ...file, filename: file.name });
  }
}
