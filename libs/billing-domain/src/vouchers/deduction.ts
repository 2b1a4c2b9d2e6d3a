import type { Decimal, RoundingRuleCode } from '@park/money';
import type { PeriodId } from '../time/shanghai-calendar';
import type { Mechanism } from './programme';

/** The limits a deduction is capped by, in the order a tie is reported. */
export type CapName =
  'grant_balance' | 'tenant_year_cap' | 'tenant_cumulative_cap' | 'pool' | 'stacking_ceiling' | 'line_remaining';

/** One grant's deduction on one line, with every number it was computed from. */
export interface Deduction {
  /** `<lineId>#<grantId>`. */
  readonly deductionId: string;
  readonly lineId: string;
  readonly periodId: PeriodId;
  /** Cap and pool year: the calendar year of the usage period. */
  readonly year: number;
  readonly tenantId: string;
  readonly grantId: string;
  readonly programmeId: string;
  /** A contract-settlement programme has no grants, so never deducts on a bill. */
  readonly mechanism: Exclude<Mechanism, 'contract_settlement'>;
  readonly rule: {
    readonly stacking:
      { readonly mode: 'best_of' } | { readonly mode: 'group'; readonly groupId: string; readonly ceiling: Decimal };
    /** `fallback` or the label of the ratio tier that matched. */
    readonly ratioSource: string;
    readonly rounding: RoundingRuleCode;
    readonly dayProration: boolean;
    readonly trainingThreshold: boolean;
  };
  readonly lineAmount: Decimal;
  /** Share of the line that qualifies (1 unless a training threshold excludes small jobs). */
  readonly eligibleFraction: Decimal;
  readonly eligibleAmount: Decimal;
  /** Day proration: days the grant was valid in the period, of days in the period (null when not prorated). */
  readonly validDays: number | null;
  readonly periodDays: number | null;
  readonly proratedEligible: Decimal;
  readonly ratio: Decimal;
  /** ratio × prorated eligible, unrounded. */
  readonly raw: Decimal;
  /** raw rounded by the programme's rule. */
  readonly rounded: Decimal;
  /** Already deducted on this line by earlier grants of the same programme. */
  readonly coveredBefore: Decimal;
  /** rounded − coveredBefore: what the ratio still asks for. */
  readonly target: Decimal;
  /** Remaining room under each limit at the time of the deduction. */
  readonly limits: readonly { readonly name: CapName; readonly remaining: Decimal }[];
  /** The limit equal to the amount (first in CapName order), or 'ratio' when every limit left more room. */
  readonly boundBy: CapName | 'ratio';
  readonly amount: Decimal;
  readonly balanceBefore: Decimal;
  readonly balanceAfter: Decimal;
  /** Split by the programme's co-funding shares; sums exactly to amount. */
  readonly funding: readonly { readonly funderId: string; readonly amount: Decimal }[];
}

/**
 * A deduction's explanation as its tenant sees it: its own numbers only. The pool's room is what other tenants
 * left of the programme's budget, so it is the operator's and the bureau's (issue 12 item 8). `boundBy: 'pool'`
 * stays: the tenant learns the budget ran out, not by how much others drew.
 */
export function explanationForTenant<T extends { readonly limits: readonly { readonly name: string }[] }>(
  explanation: T,
): T {
  return { ...explanation, limits: explanation.limits.filter((l) => l.name !== 'pool') };
}

export type NoteReason =
  | 'not_usage_line'
  | 'line_not_positive'
  | 'resource_class_not_eligible'
  | 'sku_not_eligible'
  | 'job_type_not_eligible'
  | 'tenant_not_eligible'
  | 'no_ratio_for_line'
  | 'job_sizes_unknown'
  | 'below_training_threshold'
  | 'outside_programme_window'
  | 'no_grant'
  | 'grant_not_active'
  | 'grant_not_yet_valid'
  | 'grant_not_valid_in_period'
  | 'grant_for_other_contract'
  | 'zero_after_rounding'
  | CapName
  | 'lost_best_of';

/** Why something did not (fully) apply: a statement explains itself, gaps included. */
export interface VoucherNote {
  readonly lineId: string;
  readonly programmeId: string | null;
  readonly grantId: string | null;
  readonly reason: NoteReason;
  readonly detail: string;
}
