import { Injectable } from '@nestjs/common';
import { type AuditActor, SYSTEM_ACTOR } from '@park/audit-store';
import { ChargeRepository, InvalidInput, toDecimal } from '@park/billing';
import { ZERO, formatAmount } from '@park/money';
import { statusAfterReview } from './claim-cycle';
import { ClaimRules } from './claim-rules';
import { ClaimTransition, type ClaimChange } from './claim-transition';
import { ClaimsRepository, type ClaimWithLines, type Tx } from './claims.repository';

export interface ReviewDecision {
  lineId: string;
  decision: 'approved' | 'rejected';
  reason?: string;
}

/** The bureau's auditor reviews a submitted claim: starts (→ under_review), then decides every line at once. */
@Injectable()
export class ReviewClaim {
  constructor(
    private readonly transition: ClaimTransition,
    private readonly claims: ClaimsRepository,
    private readonly rules: ClaimRules,
    private readonly charges: ChargeRepository,
  ) {}

  start(claimId: string, actor: AuditActor = SYSTEM_ACTOR): Promise<void> {
    return this.transition.run({ claimId, to: 'under_review', actor, action: 'claim.review.start' });
  }

  /**
   * The bureau's decision on every line (each with a reason when rejected). The claim follows: all approved →
   * approved, none → rejected, else partly_approved. A rejected line's amount becomes a pending charge billed on the
   * tenant's next statement unless the programme's rules say `rejectedAmountsToTenant: false`.
   */
  async decide(claimId: string, decisions: ReviewDecision[], actor: AuditActor = SYSTEM_ACTOR): Promise<void> {
    checkDecisions(decisions);
    await this.transition.run({
      claimId,
      to: 'approved',
      actor,
      action: 'claim.review',
      change: (tx, claim) => this.apply(tx, claim, decisions),
    });
  }

  private async apply(tx: Tx, claim: ClaimWithLines, decisions: ReviewDecision[]): Promise<ClaimChange> {
    const byLine = new Map(decisions.map((d) => [d.lineId, d]));
    const unknown = decisions.filter((d) => !claim.lines.some((l) => l.id === d.lineId)).map((d) => d.lineId);
    const undecided = claim.lines.filter((l) => !byLine.has(l.id)).map((l) => l.id);
    if (unknown.length || undecided.length) {
      throw new InvalidInput('claim review', [
        ...unknown.map((id) => ({ path: 'decisions', message: `no line ${id} on this claim` })),
        ...undecided.map((id) => ({ path: 'decisions', message: `line ${id} needs a decision` })),
      ]);
    }
    // fixed for the programme's life: the claim's version says what version 1 said
    const toTenant = (await this.rules.of(claim)).rules.rejectedAmountsToTenant !== false;
    const decisionOf = (lineId: string) => byLine.get(lineId) as ReviewDecision;
    let approved = ZERO;
    let rejected = ZERO;
    for (const line of claim.lines) {
      const d = decisionOf(line.id);
      await this.claims.decideLine(tx, line.id, d.decision, d.reason ?? null);
      const amount = toDecimal(line.amount);
      if (d.decision === 'approved') {
        approved = approved.plus(amount);
        continue;
      }
      rejected = rejected.plus(amount);
      if (toTenant && amount.gt(ZERO)) {
        await this.charges.add(tx, {
          id: `chg_${line.id}`,
          tenantId: line.tenantId,
          kind: 'claim_rejected',
          programmeId: claim.programmeId,
          grantId: null,
          sourceId: line.id,
          amount: formatAmount(amount),
          reason: `claim ${claim.id} line ${line.statementNumber} rejected by the bureau: ${d.reason as string}`,
        });
      }
    }
    return {
      status: statusAfterReview(claim.lines.map((l) => decisionOf(l.id).decision)),
      approvedAmount: formatAmount(approved),
      rejectedAmount: formatAmount(rejected),
      payload: {
        decisions: claim.lines.map((l) => ({ lineId: l.id, ...byLine.get(l.id) })),
        rejectedAmountsToTenant: toTenant,
      },
    };
  }
}

function checkDecisions(decisions: ReviewDecision[]): void {
  const issues: { path: string; message: string }[] = [];
  if (!Array.isArray(decisions))
    issues.push({ path: 'decisions', message: 'an array of { lineId, decision, reason }' });
  else
    decisions.forEach((d, i) => {
      if (typeof d?.lineId !== 'string') issues.push({ path: `decisions[${i}].lineId`, message: 'required' });
      if (d?.decision !== 'approved' && d?.decision !== 'rejected')
        issues.push({ path: `decisions[${i}].decision`, message: 'approved or rejected' });
      if (d?.decision === 'rejected' && (typeof d.reason !== 'string' || d.reason.trim() === ''))
        issues.push({ path: `decisions[${i}].reason`, message: 'a rejection needs a reason' });
    });
  if (issues.length) throw new InvalidInput('claim review', issues);
}
