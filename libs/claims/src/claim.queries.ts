import { Injectable } from '@nestjs/common';
import { ChargeRepository, InvalidInput, toDecimal } from '@park/billing';
import { formatAmount, sum } from '@park/money';
import { CLAIM_TRANSITIONS, type ClaimState } from './claim-cycle';
import { ledgerTotalOf } from './claim-coverage';
import { verifyEvidencePack, type PackVerification } from './claim-evidence';
import { ClaimDocumentsRepository } from './claim-documents.repository';
import { ClaimSourcesRepository } from './claim-sources.repository';
import { ClaimNotFound } from './claims.errors';
import { ClaimsRepository, type ClaimWithLines } from './claims.repository';
import { documentName } from './evidence/submitted-pack';

const amountOrNull = (d: { toFixed(): string } | null) => (d == null ? null : formatAmount(toDecimal(d)));

/** Reads of claims: the list, one claim reconciled with the ledger, its evidence files and their verification. */
@Injectable()
export class ClaimQueries {
  constructor(
    private readonly claims: ClaimsRepository,
    private readonly sources: ClaimSourcesRepository,
    private readonly charges: ChargeRepository,
    private readonly documents: ClaimDocumentsRepository,
  ) {}

  /** The bureau of a claim, or null when there is none (the `claim` scope resolver). */
  bureauOf(claimId: string): Promise<string | null> {
    return this.claims.bureauOf(claimId);
  }

  async load(claimId: string): Promise<ClaimWithLines> {
    const claim = await this.claims.find(claimId);
    if (!claim) throw new ClaimNotFound(claimId);
    return claim;
  }

  /** Claims, newest first; `bureauId` limits to one bureau's (a bureau auditor sees only its own). */
  async list(filter: { bureauId?: string; programmeId?: string; status?: string } = {}) {
    const statuses: readonly string[] = Object.keys(CLAIM_TRANSITIONS);
    if (filter.status !== undefined && !statuses.includes(filter.status))
      throw new InvalidInput('claim filter', [{ path: 'status', message: `one of ${statuses.join(', ')}` }]);
    const rows = await this.claims.list({
      bureauId: filter.bureauId,
      programmeId: filter.programmeId,
      status: filter.status as ClaimState | undefined,
    });
    return rows.map((c) => ({
      id: c.id,
      programmeId: c.programmeId,
      bureauId: c.bureauId,
      cadence: c.cadence,
      cycle: c.cycle,
      mechanism: c.mechanism,
      status: c.status,
      total: amountOrNull(c.total),
      approvedAmount: amountOrNull(c.approvedAmount),
      rejectedAmount: amountOrNull(c.rejectedAmount),
      lines: c._count.lines,
      paymentReference: c.paymentReference,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    }));
  }

  /**
   * The claim, its lines and the reconciliation with the ledger: postings on the programme's redeemed account of its
   * statements, less the redemptions there its lines do not cover (other contracts').
   */
  async get(claimId: string) {
    const claim = await this.load(claimId);
    const linesTotal = formatAmount(sum(claim.lines.map((l) => toDecimal(l.amount))));
    const ledgerTotal = formatAmount(await ledgerTotalOf(this.sources, claim));
    const charges = await this.charges.forSources(claim.lines.map((l) => l.id));
    return {
      id: claim.id,
      programmeId: claim.programmeId,
      bureauId: claim.bureauId,
      cadence: claim.cadence,
      cycle: claim.cycle,
      mechanism: claim.mechanism,
      status: claim.status,
      total: formatAmount(toDecimal(claim.total)),
      approvedAmount: amountOrNull(claim.approvedAmount),
      rejectedAmount: amountOrNull(claim.rejectedAmount),
      manifestSha256: claim.manifestSha256,
      paymentReference: claim.paymentReference,
      createdAt: claim.createdAt,
      lines: claim.lines.map((l) => ({
        id: l.id,
        statementId: l.statementId,
        tenantId: l.tenantId,
        statementNumber: l.statementNumber,
        periodId: l.periodId,
        amount: formatAmount(toDecimal(l.amount)),
        invoiceNumber: l.invoiceNumber,
        paymentReference: l.paymentReference,
        contractIds: l.contractIds,
        decision: l.decision,
        reason: l.reason,
      })),
      // rejected amounts billed back to tenants (their next statement)
      charges: charges.map((c) => ({
        id: c.id,
        claimLineId: c.sourceId,
        tenantId: c.tenantId,
        amount: formatAmount(toDecimal(c.amount)),
        reason: c.reason,
        status: c.status,
        statementId: c.statementId,
      })),
      reconciliation: {
        linesTotal,
        ledgerTotal,
        reconciles: linesTotal === formatAmount(toDecimal(claim.total)) && linesTotal === ledgerTotal,
      },
    };
  }

  async evidenceFile(claimId: string, name: string) {
    await this.load(claimId);
    const file = await this.claims.evidenceFile(claimId, name);
    if (!file) throw new ClaimNotFound(`${claimId}/${name}`);
    return { name: file.name, contentType: file.contentType, content: Buffer.from(file.content) };
  }

  async verifyEvidence(claimId: string): Promise<PackVerification & { manifestSha256: string }> {
    const claim = await this.load(claimId);
    const files = await this.claims.evidenceFiles(claimId);
    // supplied documents join the pack when the claim is submitted: from then on a changed byte of one is named
    const documents = claim.status === 'draft' ? [] : await this.documents.withContent(claimId);
    return {
      ...verifyEvidencePack(
        [
          ...files.map((f) => ({ name: f.name, content: Buffer.from(f.content) })),
          ...documents.map((d) => ({ name: documentName(d), content: Buffer.from(d.content) })),
        ],
        claim.manifestSha256,
      ),
      manifestSha256: claim.manifestSha256,
    };
  }
}
