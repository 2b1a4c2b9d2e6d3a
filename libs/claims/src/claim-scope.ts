import type { Decimal } from '@park/money';
import type { SettlementCadence } from './claim-cycle';

/**
 * What one claim line covers (issue 12 item 2). A claim line is programme × statement × contract: a per-contract
 * claim takes the redemptions on its contract's statement lines, a quarterly or yearly claim takes all the
 * statement's redemptions of the programme (its contract key is `WHOLE_STATEMENT`). So two contracts billed on one
 * statement are claimed once each, and a whole statement once per programme. Pure.
 */
export const WHOLE_STATEMENT = '';

export interface ClaimedKey {
  readonly statementId: string;
  readonly contractId: string;
}

export interface ScopedLine {
  readonly statementId: string;
  readonly lineId: string;
  readonly contractId: string | null;
}

export interface ScopedDeduction {
  readonly statementId: string;
  readonly lineId: string;
}

/** The contract key a claim's lines carry: the contract of a per-contract claim, else the whole statement. */
export function claimContractKey(cadence: SettlementCadence | string, cycle: string): string {
  return cadence === 'per_contract' ? cycle : WHOLE_STATEMENT;
}

/** Whether two claim lines on one statement would claim a redemption twice: same contract, or either is whole. */
export function overlaps(a: string, b: string): boolean {
  return a === b || a === WHOLE_STATEMENT || b === WHOLE_STATEMENT;
}

/** Statements a new claim with this contract key cannot take: another claim of the programme covers them. */
export function statementsTaken(claimed: readonly ClaimedKey[], contractKey: string): string[] {
  return [...new Set(claimed.filter((c) => overlaps(c.contractId, contractKey)).map((c) => c.statementId))];
}

/** The deductions a claim line with this contract key covers, given the statement lines they sit on. */
export function inScope<D extends ScopedDeduction>(
  deductions: readonly D[],
  lines: readonly ScopedLine[],
  contractKey: string,
): D[] {
  if (contractKey === WHOLE_STATEMENT) return [...deductions];
  const onContract = new Set(
    lines.filter((l) => l.contractId === contractKey).map((l) => `${l.statementId}|${l.lineId}`),
  );
  return deductions.filter((d) => onContract.has(`${d.statementId}|${d.lineId}`));
}

/**
 * The ledger's part of a claim: the redeemed postings of its statements, less the redemptions there that its lines
 * do not cover (other contracts' lines). For a whole-statement claim that is the postings themselves.
 */
export function ledgerShare(input: {
  postings: Decimal;
  statementDeductions: Decimal;
  coveredDeductions: Decimal;
}): Decimal {
  return input.postings.minus(input.statementDeductions.minus(input.coveredDeductions));
}
