import { toDecimal } from '@park/billing';
import type { Programme } from '@park/billing-domain';
import { formatAmount } from '@park/money';
import type { SettlementCadence } from './claim-cycle';
import type { ClaimDocument } from './claim-evidence';
import { jobsOf, type JobQuantity } from './claim-jobs';
import type { CollectedLines } from './redemption-lines.source';

/** What the evidence pack shows of a claim being built: its lines, the claimed statement lines, their jobs. Pure. */
export function claimDocument(input: {
  id: string;
  programme: Programme;
  bureauName: string;
  cadence: SettlementCadence;
  cycle: string;
  total: string;
  collected: CollectedLines;
  jobs: readonly JobQuantity[];
  claimant?: ClaimDocument['claimant'];
}): ClaimDocument {
  const { programme, collected } = input;
  return {
    id: input.id,
    programme: { id: programme.id, name: programme.name, mechanism: programme.mechanism },
    bureau: { id: programme.bureau, name: input.bureauName },
    claimant: input.claimant ?? null,
    cadence: input.cadence,
    cycle: input.cycle,
    total: input.total,
    createdAt: new Date(),
    lines: collected.lines,
    statementLines: collected.statementLines.map(({ line: l, claimed, statementNumber }) => ({
      statementNumber,
      tenantId: l.tenantId,
      lineId: l.lineId,
      usagePeriodId: l.usagePeriodId,
      sku: l.sku ?? '',
      jobType: l.jobType ?? '',
      quantityBase: l.quantityBase.toString(),
      amount: formatAmount(toDecimal(l.amount)),
      claimed: formatAmount(claimed),
    })),
    jobs: collected.statementLines.flatMap(({ line: l, statementNumber }) =>
      jobsOf(input.jobs, l).map((j) => ({
        statementNumber,
        lineId: l.lineId,
        tenantId: j.tenantId,
        jobId: j.jobId,
        sku: j.sku,
        jobType: j.jobType,
        quantityBase: j.quantityBase,
      })),
    ),
  };
}
