import type { PrismaClient } from '@prisma/client';
import { ledgerAccount, toDecimal } from '@park/billing';
import { type Decimal, sum } from '@park/money';
import { inScope, ledgerShare } from './claim-scope';
import { settlementLedgerTotal } from './claim-settlement-lines';

interface ClaimLines {
  readonly programmeId: string;
  readonly lines: readonly { readonly statementId: string; readonly contractId: string }[];
}

/** The programme's deductions on a claim's statements, and those its lines cover (their contract's, or all). */
export async function coveredDeductions(db: PrismaClient, claim: ClaimLines) {
  const statementIds = claim.lines.map((l) => l.statementId);
  const [all, statementLines] = await Promise.all([
    db.deduction.findMany({ where: { programmeId: claim.programmeId, statementId: { in: statementIds } } }),
    db.statementLine.findMany({
      where: { statementId: { in: statementIds } },
      orderBy: [{ statementId: 'asc' }, { lineId: 'asc' }],
    }),
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
 * The ledger's side of a claim: postings on the programme's redeemed account of its statements' transactions, less
 * the redemptions there its lines do not cover (another contract's lines on the same statement).
 */
export async function ledgerTotalOf(db: PrismaClient, claim: ClaimLines): Promise<Decimal> {
  const [postings, { all, covered }, settlements] = await Promise.all([
    db.ledgerPosting.aggregate({
      _sum: { amount: true },
      where: {
        accountId: ledgerAccount.redeemed(claim.programmeId),
        transaction: { statementId: { in: claim.lines.map((l) => l.statementId) } },
      },
    }),
    coveredDeductions(db, claim),
    settlementLedgerTotal(db, claim),
  ]);
  const amounts = (ds: readonly { amount: { toFixed(): string } }[]) => sum(ds.map((d) => toDecimal(d.amount)));
  return ledgerShare({
    postings: toDecimal(postings._sum.amount ?? '0'),
    statementDeductions: amounts(all),
    coveredDeductions: amounts(covered),
  }).plus(settlements);
}
