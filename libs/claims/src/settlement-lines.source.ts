import { Injectable } from '@nestjs/common';
import { toDecimal } from '@park/billing';
import { type Decimal, ZERO, formatAmount } from '@park/money';
import type { SettlementCadence } from './claim-cycle';
import { ClaimSourcesRepository } from './claim-sources.repository';
import type { ClaimLineDraft } from './redemption-lines.source';

// Claims of a contract-settlement programme (issue 12 item 3): one claim line per recorded contract settlement with
// a subsidy, its contract on the line (contract_id) and the settlement's id where a statement's would be
// (statement_id). The unique key programme × statement_id × contract_id then claims each settlement exactly once.

/** The idempotency key of a settlement's ledger transaction (ContractSettlementRepository posts it). */
export const settlementLedgerKey = (settlementId: string): string => `contract_settlement:${settlementId}`;

/**
 * Claim lines from recorded contract settlements, beside `RedemptionLines`: the settlements of the cycle not yet on
 * a claim of the programme (per contract, the contract's: cycle = its id; quarterly or yearly, those settled in the
 * cycle's months), ordered by tenant, then settlement date.
 */
@Injectable()
export class SettlementLines {
  constructor(private readonly sources: ClaimSourcesRepository) {}

  async collect(scope: {
    readonly claimId: string;
    readonly programmeId: string;
    readonly cadence: SettlementCadence;
    readonly cycle: string;
    readonly periods: readonly string[] | null;
  }): Promise<ClaimLineDraft[]> {
    const rows = await this.sources.unclaimedSettlements(
      scope.programmeId,
      scope.cadence === 'per_contract' ? scope.cycle : null,
    );
    const { periods } = scope;
    return rows
      .filter((s) => periods === null || periods.includes(s.settledOn.slice(0, 7)))
      .map((s) => ({
        id: `${scope.claimId}:${s.reference}:${s.contractId}`,
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
}

/** The ledger's side of a claim's settlement lines: the programme's redeemed postings of their settlements. */
export async function settlementLedgerTotal(
  sources: ClaimSourcesRepository,
  claim: { readonly programmeId: string; readonly lines: readonly { readonly statementId: string }[] },
): Promise<Decimal> {
  if (claim.lines.length === 0) return ZERO;
  return sources.redeemedBy(
    claim.programmeId,
    claim.lines.map((l) => settlementLedgerKey(l.statementId)),
  );
}
