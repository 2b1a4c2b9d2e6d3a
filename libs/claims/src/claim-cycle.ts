import { SETTLEMENT_CADENCES, type SettlementCadence } from '@park/billing-domain';

/** Settlement cycles of a programme: quarterly (2026-Q4), yearly (2026) or per contract (the contract's id). Pure. */
export type { SettlementCadence };
export const CADENCES = SETTLEMENT_CADENCES;

/** How a cycle's cadence is printed for a bureau (Chinese first): one label per cadence, none defaulted. */
export const CADENCE_LABELS: Readonly<Record<SettlementCadence, string>> = {
  quarterly: '按季 quarterly',
  yearly: '按年 yearly',
  per_contract: '按合同 per contract',
};

/**
 * The periods (YYYY-MM) of a quarterly or yearly cycle, or null when the cycle does not fit the cadence.
 * A per-contract cycle is not a span of periods (its redemptions are those of the contract's lines): null.
 */
export function cyclePeriods(cadence: SettlementCadence, cycle: string): string[] | null {
  if (cadence === 'per_contract') return null;
  const months = (year: string, from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => `${year}-${String(from + i).padStart(2, '0')}`);
  if (cadence === 'quarterly') {
    const m = /^(\d{4})-Q([1-4])$/.exec(cycle);
    if (!m) return null;
    const q = Number(m[2]);
    return months(m[1], 3 * q - 2, 3 * q);
  }
  const y = /^(\d{4})$/.exec(cycle);
  return y ? months(y[1], 1, 12) : null;
}

export type ClaimState = 'draft' | 'submitted' | 'under_review' | 'approved' | 'partly_approved' | 'rejected' | 'paid';

/** Allowed transitions (DESIGN §7): draft → submitted → under_review → approved / partly_approved / rejected → paid. */
export const CLAIM_TRANSITIONS: Readonly<Record<ClaimState, readonly ClaimState[]>> = {
  draft: ['submitted'],
  submitted: ['under_review'],
  under_review: ['approved', 'partly_approved', 'rejected'],
  approved: ['paid'],
  partly_approved: ['paid'],
  rejected: [],
  paid: [],
};

export function canTransition(from: ClaimState, to: ClaimState): boolean {
  return CLAIM_TRANSITIONS[from].includes(to);
}

/** The claim's state after review: every line approved → approved, none → rejected, else partly_approved. */
export function statusAfterReview(decisions: readonly ('approved' | 'rejected')[]): ClaimState {
  const approved = decisions.filter((d) => d === 'approved').length;
  return approved === decisions.length ? 'approved' : approved === 0 ? 'rejected' : 'partly_approved';
}
