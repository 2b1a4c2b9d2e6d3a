import type { StatementChargeKind, StatementChargeView, StatementView } from '@park/billing-domain';

// Charges as the CSV, Excel and PDF exports show them. A statement with a credit among its charges (an accepted
// dispute) also shows each credit as it stood and what of it goes on to the next statement (the view's `credit` and
// `carriedForward`, and its totals `creditApplied` / `creditCarriedForward`); a view without a credit keeps the
// columns and rows it had before credits were carried forward, so its exports keep their bytes.

export const CHARGE_HEADERS = ['补缴 Charges billed back', '项目 Programme', '类型 Kind', '金额 Amount'] as const;
export const CREDIT_HEADERS = ['抵扣额 Credit', '结转下期 Carried forward'] as const;

export const CHARGE_KIND_LABELS: Readonly<Record<StatementChargeKind, string>> = {
  claim_rejected: '核减 rejected claim',
  clawback: '追缴 clawback',
  dispute_credit: '申诉抵扣 dispute credit',
};

/** Whether the statement has a credit among its charges (views frozen before credits were carried have none). */
export const hasCredits = (v: StatementView): boolean => v.totals.creditCarriedForward !== undefined;

export function chargeHeaders(v: StatementView): string[] {
  return [...CHARGE_HEADERS, ...(hasCredits(v) ? CREDIT_HEADERS : [])];
}

/** Reason, programme, kind, amount on this statement; with credits, the credit as it stood and what is carried on. */
export function chargeCells(v: StatementView, c: StatementChargeView): string[] {
  const credit = hasCredits(v) ? [c.credit ?? '', c.carriedForward ?? ''] : [];
  return [c.reason, c.programmeId ?? '', c.kind, c.amount, ...credit];
}

/** [label, amount] rows under the charges total: the credit applied and the credit carried forward. */
export function creditTotalRows(v: StatementView): [string, string][] {
  const { creditApplied, creditCarriedForward } = v.totals;
  if (creditApplied === undefined || creditCarriedForward === undefined) return [];
  return [
    ['其中本期抵扣 of which credit applied', creditApplied],
    ['结转下期抵扣 Credit carried forward to the next statement', creditCarriedForward],
  ];
}
