import type { PrismaClient } from '@prisma/client';
import { ledgerAccount, toDecimal } from '@park/billing';
import { type Decimal, ZERO, formatAmount } from '@park/money';
import { cyclePeriods, type SettlementCadence } from './claim-cycle';
import type { ClaimDocument } from './claim-evidence';

// Claims of a contract-settlement programme (issue 12 item 3): one claim line per recorded contract settlement with
// a subsidy, its contract on the line (contract_id) and the settlement's id where a statement's would be
// (statement_id). The unique key programme × statement_id × contract_id then claims each settlement exactly once.

/** The idempotency key of a settlement's ledger transaction (ContractSettlementRepository posts it). */
export const settlementLedgerKey = (settlementId: string): string => `contract_settlement:${settlementId}`;

/** A claim line as the evidence pack prints it, with what the claim_lines row keys it by. */
export type SettlementClaimLine = ClaimDocument['lines'][number] & {
  readonly statementId: string;
  readonly contractId: string;
  readonly contractIds: string[];
};

/**
 * The settlements of the cycle not yet on a claim of the programme: per contract, the contract's (cycle = its id);
 * quarterly or yearly, those settled in the cycle's months. Ordered by tenant, then settlement date.
 */
export async function settlementClaimLines(
  db: PrismaClient,
  input: { claimId: string; programmeId: string; cadence: SettlementCadence; cycle: string },
): Promise<SettlementClaimLine[]> {
  const { claimId, programmeId, cadence, cycle } = input;
  const claimed = await db.claimLine.findMany({ where: { programmeId }, select: { statementId: true } });
  const periods = cyclePeriods(cadence, cycle);
  const rows = await db.contractSettlement.findMany({
    where: {
      programmeId,
      subsidy: { gt: 0 },
      id: { notIn: claimed.map((c) => c.statementId) },
      ...(cadence === 'per_contract' ? { contractId: cycle } : {}),
    },
    include: { contract: { include: { tenant: true } } },
    orderBy: [{ tenantId: 'asc' }, { settledOn: 'asc' }, { id: 'asc' }],
  });
  return rows
    .filter((s) => periods === null || periods.includes(s.settledOn.slice(0, 7)))
    .map((s) => ({
      id: `${claimId}:${s.reference}:${s.contractId}`,
      statementId: s.id,
      contractId: s.contractId,
      tenantId: s.tenantId,
      tenantName: s.contract.tenant.name,
      statementNumber: s.reference,
      periodId: s.settledOn.slice(0, 7),
      amount: formatAmount(toDecimal(s.subsidy)),
      invoiceNumber: null,
      paymentReference: null,
      contractIds: [s.contractId],
    }));
}

/** The ledger's side of a claim's settlement lines: the programme's redeemed postings of their settlements. */
export async function settlementLedgerTotal(
  db: PrismaClient,
  claim: { readonly programmeId: string; readonly lines: readonly { readonly statementId: string }[] },
): Promise<Decimal> {
  if (claim.lines.length === 0) return ZERO;
  const postings = await db.ledgerPosting.aggregate({
    _sum: { amount: true },
    where: {
      accountId: ledgerAccount.redeemed(claim.programmeId),
      transaction: { idempotencyKey: { in: claim.lines.map((l) => settlementLedgerKey(l.statementId)) } },
    },
  });
  return toDecimal(postings._sum.amount ?? '0');
}
