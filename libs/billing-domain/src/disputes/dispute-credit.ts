import { type Decimal, ZERO, sum, truncateToFen } from '@park/money';
import { buildOrThrow } from '../errors/validation.error';
import type { Mechanism } from '../vouchers/programme.types';

/** A voucher deduction still standing on the disputed line (net of earlier accepted disputes' reversals). */
export interface DisputedDeduction {
  readonly deductionId: string;
  readonly grantId: string;
  readonly programmeId: string;
  readonly mechanism: Mechanism;
  readonly year: number;
  readonly amount: Decimal;
}

export interface DisputeCreditInput {
  /** The line's amount still standing: its amount less credits of disputes accepted before. */
  readonly lineAmount: Decimal;
  /** What the operator credits: 0 < credited ≤ lineAmount, in 分. */
  readonly credited: Decimal;
  readonly deductions: readonly DisputedDeduction[];
}

export interface VoucherReversal extends DisputedDeduction {
  /** The deduction this reverses a part of. */
  readonly deductionId: string;
}

export interface DisputeCredit {
  readonly credited: Decimal;
  /** One per deduction with a non-zero share: returned to the grant, no longer claimed from the bureau. */
  readonly reversals: readonly VoucherReversal[];
  readonly onBillReversal: Decimal;
  /** Reimbursed-mechanism subsidy the tenant will no longer be paid back (it paid the whole line, so its credit). */
  readonly reimbursedReversal: Decimal;
  /** Credited to the tenant on its next statement: credited − onBillReversal. */
  readonly tenantCredit: Decimal;
}

/**
 * An accepted dispute's credit, split between the vouchers and the tenant (issue 16 item 5).
 *
 *   reversal(deduction) = truncate to 分 (credited × deduction ÷ lineAmount)      (= the deduction when in full)
 *   tenantCredit        = credited − Σ reversal(on-bill deductions)
 *
 * Each voucher gave the same share of every 元 of the line, so the credited part of the line takes back that share
 * of each deduction. Truncated, so a voucher never gives back more than its share; the 分 left over goes to the
 * tenant. On-bill vouchers paid part of the line for the tenant: that part returns to the grant and the tenant is
 * credited only what it paid (tenantCredit + onBillReversal = credited, exactly). A reimbursed voucher had not
 * lowered the bill: the tenant paid the whole line, so it is credited in full and its coming reimbursement is
 * lowered by the reversal instead. Pure.
 */
export function disputeCredit(input: DisputeCreditInput): DisputeCredit {
  const { lineAmount, credited, deductions } = input;
  buildOrThrow('dispute credit', (issues) => {
    issues.check(lineAmount.gt(ZERO) && lineAmount.decimalPlaces() <= 2, 'lineAmount', 'a positive amount in 分');
    issues.check(credited.gt(ZERO) && credited.decimalPlaces() <= 2, 'credited', 'a positive amount in 分');
    issues.check(credited.lte(lineAmount), 'credited', `at most the line's amount ${lineAmount.toFixed(2)}`);
    deductions.forEach((d, i) =>
      issues.check(d.amount.gte(ZERO) && d.amount.decimalPlaces() <= 2, `deductions[${i}].amount`, 'an amount in 分'),
    );
    issues.check(sum(deductions.map((d) => d.amount)).lte(lineAmount), 'deductions', "more than the line's amount");
  });
  const reversals = deductions
    .map((d) => ({
      ...d,
      amount: credited.eq(lineAmount) ? d.amount : truncateToFen(credited.times(d.amount).dividedBy(lineAmount)),
    }))
    .filter((r) => r.amount.gt(ZERO));
  const of = (m: Mechanism) => sum(reversals.filter((r) => r.mechanism === m).map((r) => r.amount));
  const onBillReversal = of('on_bill');
  return {
    credited,
    reversals,
    onBillReversal,
    reimbursedReversal: of('reimbursed'),
    tenantCredit: credited.minus(onBillReversal),
  };
}
