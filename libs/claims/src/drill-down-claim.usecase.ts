import { Injectable } from '@nestjs/common';
import { toDecimal } from '@park/billing';
import { Decimal, formatAmount, sum } from '@park/money';
import { claimedStatementLines } from './claim-coverage';
import { ClaimJobs, jobsOf } from './claim-jobs';
import { ClaimQueries } from './claim.queries';
import { ClaimSourcesRepository } from './claim-sources.repository';

/**
 * Claim → lines (statements) → statement lines (the claimed deduction on each) → per-job quantities from the raw
 * records. Each level carries its total and whether it equals the sum of the level below.
 */
@Injectable()
export class DrillDownClaim {
  constructor(
    private readonly queries: ClaimQueries,
    private readonly sources: ClaimSourcesRepository,
    private readonly jobs: ClaimJobs,
  ) {}

  async execute(claimId: string) {
    const claim = await this.queries.load(claimId);
    const { relevant, claimedOf } = await claimedStatementLines(this.sources, claim);
    const jobs = await this.jobs.quantities(relevant);
    const lines = claim.lines.map((line) => {
      const sLines = relevant
        .filter((l) => l.statementId === line.statementId)
        .map((l) => {
          const lineJobs = jobsOf(jobs, l);
          const jobsTotal = sum(lineJobs.map((j) => new Decimal(j.quantityBase)));
          const quantityBase = toDecimal(l.quantityBase);
          return {
            lineId: l.lineId,
            usagePeriodId: l.usagePeriodId,
            sku: l.sku,
            jobType: l.jobType,
            isAdjustment: l.isAdjustment,
            quantityBase: quantityBase.toFixed(6),
            amount: formatAmount(toDecimal(l.amount)),
            claimed: formatAmount(claimedOf(l.statementId, l.lineId)),
            jobs: lineJobs.map((j) => ({ jobId: j.jobId, quantityBase: j.quantityBase })),
            jobsQuantityBase: jobsTotal.toFixed(6),
            reconciles: jobsTotal.eq(quantityBase),
          };
        });
      const claimedTotal = sum(sLines.map((s) => new Decimal(s.claimed)));
      const amount = toDecimal(line.amount);
      return {
        id: line.id,
        tenantId: line.tenantId,
        statementNumber: line.statementNumber,
        periodId: line.periodId,
        amount: formatAmount(amount),
        decision: line.decision,
        statementLines: sLines,
        statementLinesClaimed: formatAmount(claimedTotal),
        reconciles: claimedTotal.eq(amount) && sLines.every((s) => s.reconciles),
      };
    });
    const linesTotal = sum(lines.map((l) => new Decimal(l.amount)));
    const total = toDecimal(claim.total);
    return {
      id: claim.id,
      programmeId: claim.programmeId,
      cycle: claim.cycle,
      status: claim.status,
      total: formatAmount(total),
      linesTotal: formatAmount(linesTotal),
      reconciles: linesTotal.eq(total) && lines.every((l) => l.reconciles),
      lines,
    };
  }
}
