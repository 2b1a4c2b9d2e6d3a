import { Decimal, ZERO, formatAmount, min, sum } from '@park/money';
import type { PeriodId } from '../time/shanghai-calendar';
import type { StatementChargeKind, StatementChargeView } from './statement.types';

/** A charge on a statement with what of it the statement bills and what it carries forward to the next one. */
export interface AppliedCharge<C> {
  readonly charge: C;
  /** What this statement bills of it: the whole of a charge billed back; of a credit, at most the room left. */
  readonly applied: Decimal;
  /** The part of a credit left for the next statement (≤ 0; 0 for a charge billed back and a credit used up). */
  readonly carriedForward: Decimal;
}

/**
 * Credits (negative charges: an accepted dispute's credit) never take a statement's net payable below 0.00:
 *
 *   room            = max(0, gross − on-bill deductions + Σ charges billed back)   what the statement would ask for
 *   applied(credit) = −min(|credit|, room − |Σ applied by the credits before it|)   oldest first (the input order)
 *   carried(credit) = credit − applied(credit)                                      left for the next statement
 *
 * A finance department does not issue a negative bill, and a statement with a negative balance could never read as
 * paid (overpayment is refused): the credit beyond what the statement asks for stays the tenant's, on its next one.
 * Charges billed back (> 0) are billed whole. Exact to the 分: applied + carried = the credit.
 */
export function applyCredits<C extends { readonly amount: Decimal }>(input: {
  readonly payableBeforeCredits: Decimal;
  readonly charges: readonly C[];
}): AppliedCharge<C>[] {
  let room = input.payableBeforeCredits.gt(ZERO) ? input.payableBeforeCredits : ZERO;
  return input.charges.map((charge) => {
    if (!charge.amount.lt(ZERO)) return { charge, applied: charge.amount, carriedForward: ZERO };
    const used = min(charge.amount.negated(), room);
    room = room.minus(used);
    const applied = used.negated();
    return { charge, applied, carriedForward: charge.amount.minus(applied) };
  });
}

/** What the issuing transaction writes for a statement's charges (see `chargeWrites`). */
export interface ChargeWrites {
  /** Charges this statement bills, each at what it bills of it (a split credit: the part applied). */
  readonly billed: readonly { readonly chargeId: string; readonly amount: string }[];
  /** New pending charges: the rest of each credit split on this statement, linked to it by `sourceId`. */
  readonly carried: readonly {
    readonly id: string;
    readonly kind: StatementChargeKind;
    readonly programmeId: string | null;
    readonly grantId: string | null;
    /** The charge it is the rest of. */
    readonly sourceId: string;
    readonly amount: string;
    readonly reason: string;
  }[];
}

const CARRIED_NOTE = / \(结转 carried forward from [^)]*\)$/;

/**
 * A credit partly applied is split in the issuing transaction: its row is billed on this statement at the amount
 * applied, and a new pending charge for the rest names it (`sourceId`) and goes on the next statement. Each row is
 * then billed whole on exactly one statement, so Σ billed rows of a statement = its `charges` total and the rows of
 * one credit still add up to what the dispute credited. A credit the statement had no room for at all is not billed:
 * its row stays pending as it is. Ids: the first credit's id, `~`, the period it was carried from.
 */
export function chargeWrites(input: {
  readonly periodId: PeriodId;
  readonly number: string;
  readonly charges: readonly StatementChargeView[];
}): ChargeWrites {
  const isZero = (amount: string | undefined) => amount === undefined || new Decimal(amount).isZero();
  const billed = input.charges.filter((c) => !isZero(c.amount));
  return {
    billed: billed.map((c) => ({ chargeId: c.chargeId, amount: c.amount })),
    carried: billed
      .filter((c) => !isZero(c.carriedForward))
      .map((c) => ({
        id: `${c.chargeId.split('~')[0]}~${input.periodId}`,
        kind: c.kind,
        programmeId: c.programmeId,
        grantId: c.grantId,
        sourceId: c.chargeId,
        amount: c.carriedForward as string,
        reason: `${c.reason.replace(CARRIED_NOTE, '')} (结转 carried forward from ${input.number})`,
      })),
  };
}

/**
 * Σ of the credits' applied and carried-forward parts (both ≤ 0), as the statement's totals show them; none on a
 * statement without a credit (its view stays as it was before credits were carried).
 */
export function creditTotals<C extends { readonly amount: Decimal }>(
  applied: readonly AppliedCharge<C>[],
): { creditApplied?: string; creditCarriedForward?: string } {
  const credits = applied.filter((a) => a.charge.amount.lt(ZERO));
  if (credits.length === 0) return {};
  return {
    creditApplied: formatAmount(sum(credits.map((a) => a.applied))),
    creditCarriedForward: formatAmount(sum(credits.map((a) => a.carriedForward))),
  };
}
