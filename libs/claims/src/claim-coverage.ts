import { toDecimal } from '@park/billing';
import { type Decimal, ZERO, sum } from '@park/money';
import type { ClaimSourcesRepository } from './claim-sources.repository';
import { inScope, ledgerShare } from './claim-scope';
import { settlementLedgerTotal } from './settlement-lines.source';

interface ClaimLines {
  readonly programmeId: string;
  readonly lines: readonly { readonly statementId: string; readonly contractId: string }[];
}

/** The programme's deductions on a claim's statements, and those its lines cover (their contract's, or all). */
export async function coveredDeductions(sources: ClaimSourcesRepository, claim: ClaimLines) {
  const statementIds = claim.lines.map((l) => l.statementId);
  const [all, statementLines] = await Promise.all([
    sources.deductionsOn(claim.programmeId, statementIds),
    sources.statementLines(statementIds),
  ]);
  const covered = claim.lines.flatMap((l) =>
    inScope(
      all.filter((d) => d.statementId === l.statementId),
      statementLines,
      l.contractId,
    ),
  );
  return { all, covered, statementLines };
}

/**
 * The claim's statement lines that carry a claimed deduction, and what is claimed on each: what the drill-down
 * shows and the delivery certificate covers.
 */
export async function claimedStatementLines(sources: ClaimSourcesRepository, claim: ClaimLines) {
  const { covered, statementLines } = await coveredDeductions(sources, claim);
  const claimedOf = (statementId: string, lineId: string): Decimal =>
    sum(covered.filter((d) => d.statementId === statementId && d.lineId === lineId).map((d) => toDecimal(d.amount)));
  const relevant = statementLines.filter((l) => claimedOf(l.statementId, l.lineId).gt(ZERO));
  return { relevant, claimedOf };
}

/**
 * The ledger's side of a claim: postings on the programme's redeemed account of its statements' transactions, less
 * the redemptions there its lines do not cover (another contract's lines on the same statement), plus the redeemed
 * postings of its contract settlements.
 */
export async function ledgerTotalOf(sources: ClaimSourcesRepository, claim: ClaimLines): Promise<Decimal> {
  const [postings, { all, covered }, settlements] = await Promise.all([
    sources.redeemedOn(
      claim.programmeId,
      claim.lines.map((l) => l.statementId),
    ),
    coveredDeductions(sources, claim),
    settlementLedgerTotal(sources, claim),
  ]);
  const amounts = (ds: readonly { amount: { toFixed(): string } }[]) => sum(ds.map((d) => toDecimal(d.amount)));
  return ledgerShare({
    postings,
    statementDeductions: amounts(all),
    coveredDeductions: amounts(covered),
  }).plus(settlements);
}
