import { Injectable } from '@nestjs/common';
import type { Mechanism } from '@park/billing-domain';
import { toDecimal } from '@park/billing';
import { type Decimal, ZERO, formatAmount, sum } from '@park/money';
import type { ClaimDocument } from './claim-evidence';
import { ClaimSourcesRepository, type ClaimableDeduction, type StatementLineRow } from './claim-sources.repository';
import { WHOLE_STATEMENT, inScope, statementsTaken } from './claim-scope';

/** Which redemptions a claim takes: the programme's, on statements of these periods (null: any), one contract's. */
export interface ClaimScope {
  readonly claimId: string;
  readonly programmeId: string;
  readonly mechanism: Mechanism;
  readonly periods: readonly string[] | null;
  /** A per-contract claim's contract, else WHOLE_STATEMENT. */
  readonly contractKey: string;
}

/** One claim line: one statement's claimed redemptions, as the evidence pack lists it, and its statement. */
export type ClaimLineDraft = ClaimDocument['lines'][number] & {
  readonly statementId: string;
  /** The claim_lines row's contract: a per-contract claim's contract, else WHOLE_STATEMENT. */
  readonly contractId: string;
};

/** A statement line with the part of it the claim takes. */
export interface ClaimedStatementLine {
  readonly line: StatementLineRow;
  readonly claimed: Decimal;
  readonly statementNumber: string;
}

export interface CollectedLines {
  readonly lines: ClaimLineDraft[];
  readonly statementLines: ClaimedStatementLine[];
}

const amountOf = (ds: readonly { amount: { toFixed(): string } }[]) => sum(ds.map((d) => toDecimal(d.amount)));

/**
 * Claim lines from the ledger's redemptions: the programme's deductions on issued statements of the cycle
 * (reimbursed programmes: paid statements only), not on another claim (of the same contract, or of the whole
 * statement), not held by an open dispute of one of its lines, and not of a grant clawed back. Another source of
 * claim lines goes beside this one, with the same result shape, and is added in `build-claim.usecase.ts`.
 */
@Injectable()
export class RedemptionLines {
  constructor(private readonly sources: ClaimSourcesRepository) {}

  async collect(scope: ClaimScope): Promise<CollectedLines> {
    const { programmeId, contractKey } = scope;
    const [claimed, held] = await Promise.all([
      this.sources.claimedKeys(programmeId),
      this.sources.heldByDisputes(programmeId),
    ]);
    const candidates = await this.sources.claimableDeductions({
      programmeId,
      periods: scope.periods,
      statuses: scope.mechanism === 'reimbursed' ? ['paid'] : ['issued', 'paid'],
      excludedStatements: [...statementsTaken(claimed, contractKey), ...held],
    });
    // per contract: only the deductions on that contract's lines
    const candidateLines =
      contractKey === WHOLE_STATEMENT
        ? []
        : await this.sources.statementLines([...new Set(candidates.map((d) => d.statementId))]);
    const byStatement = new Map<string, ClaimableDeduction[]>();
    for (const d of inScope(candidates, candidateLines, contractKey)) {
      byStatement.set(d.statementId, [...(byStatement.get(d.statementId) ?? []), d]);
    }
    // a statement whose redemptions an accepted dispute took back in full has nothing left to claim
    for (const [statementId, ds] of byStatement) if (!amountOf(ds).gt(ZERO)) byStatement.delete(statementId);
    const statementLines = await this.sources.statementLines([...byStatement.keys()]);
    return {
      lines: [...byStatement.values()]
        .map((ds) => lineOf(scope, ds, statementLines))
        .sort((a, b) => a.tenantId.localeCompare(b.tenantId) || a.periodId.localeCompare(b.periodId)),
      statementLines: statementLines
        .map((line) => {
          const ds = (byStatement.get(line.statementId) ?? []).filter((d) => d.lineId === line.lineId);
          const statement = byStatement.get(line.statementId)?.[0].statement;
          return { line, claimed: amountOf(ds), statementNumber: statement?.number ?? line.statementId };
        })
        .filter((x) => x.claimed.gt(ZERO)),
    };
  }
}

function lineOf(
  scope: ClaimScope,
  ds: readonly ClaimableDeduction[],
  statementLines: readonly StatementLineRow[],
): ClaimLineDraft {
  const s = ds[0].statement;
  const onStatement = statementLines.flatMap((l) => (l.statementId === s.id && l.contractId ? [l.contractId] : []));
  return {
    id: `${scope.claimId}:${s.number}`,
    statementId: s.id,
    contractId: scope.contractKey,
    tenantId: s.tenantId,
    tenantName: s.tenant.name,
    statementNumber: s.number ?? s.id,
    periodId: s.periodId,
    amount: formatAmount(amountOf(ds)),
    invoiceNumber: s.invoiceNumber,
    paymentReference: s.paymentReference,
    contractIds: scope.contractKey !== WHOLE_STATEMENT ? [scope.contractKey] : [...new Set(onStatement)].sort(),
  };
}
