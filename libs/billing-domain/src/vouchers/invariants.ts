import { ZERO, sum } from '@park/money';
import { InvariantViolationError, type InvariantViolation } from '../errors/domain.errors';
import type { Deduction } from './deduction';
import type { Grant } from './grant';
import type { Programme, StackingGroup } from './programme';
import type { UsageState } from './usage-state';
import type { VoucherLine } from './voucher-line';

export interface InvariantInput {
  readonly lines: readonly Pick<VoucherLine, 'lineId' | 'amount'>[];
  /** Grants with their balances BEFORE the deductions. */
  readonly grants: readonly Grant[];
  readonly programmes: readonly Programme[];
  readonly stackingGroups?: readonly StackingGroup[];
  readonly deductions: readonly Deduction[];
  /** Counters AFTER the deductions. */
  readonly state: UsageState;
}

/** The ledger invariants of issue 4 §6, checked on a result; returns every violation found. */
export function checkInvariants(input: InvariantInput): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  const v = (invariant: InvariantViolation['invariant'], message: string) => out.push({ invariant, message });
  const programmes = new Map(input.programmes.map((p) => [p.id, p]));

  for (const d of input.deductions) {
    if (d.amount.isNegative()) v('deduction_non_negative', `${d.deductionId} is ${d.amount.toFixed()}`);
    const funded = sum(d.funding.map((f) => f.amount));
    if (!funded.equals(d.amount))
      v('funding_sums_to_deduction', `${d.deductionId}: shares ${funded.toFixed()} ≠ ${d.amount.toFixed()}`);
  }

  for (const g of input.grants) {
    const redeemed = sum(input.deductions.filter((d) => d.grantId === g.id).map((d) => d.amount));
    if (g.balance.isNegative()) v('grant_balance_non_negative', `${g.id} starts at ${g.balance.toFixed()}`);
    if (redeemed.greaterThan(g.balance))
      v('grant_redemptions_within_balance', `${g.id}: ${redeemed.toFixed()} redeemed from ${g.balance.toFixed()}`);
  }

  const lineAmounts = new Map(input.lines.map((l) => [l.lineId, l.amount]));
  const byLine = groupBy(input.deductions, (d) => d.lineId);
  for (const [lineId, ds] of byLine) {
    const amount = lineAmounts.get(lineId) ?? ZERO;
    const total = sum(ds.map((d) => d.amount));
    if (total.greaterThan(amount.isNegative() ? ZERO : amount))
      v('line_deductions_within_amount', `${lineId}: ${total.toFixed()} deducted from ${amount.toFixed()}`);
    const bestOf = new Set(ds.filter((d) => d.rule.stacking.mode === 'best_of').map((d) => d.programmeId));
    const groups = new Set(
      ds
        .filter((d) => d.rule.stacking.mode === 'group')
        .map((d) => (d.rule.stacking.mode === 'group' ? d.rule.stacking.groupId : '')),
    );
    if (bestOf.size + groups.size > 1)
      v('best_of_single_programme', `${lineId} is covered by ${[...bestOf, ...groups].join(', ')}`);
    for (const groupId of groups) {
      const ceiling = input.stackingGroups?.find((g) => g.id === groupId)?.ceiling;
      const inGroup = sum(
        ds.filter((d) => d.rule.stacking.mode === 'group' && d.rule.stacking.groupId === groupId).map((d) => d.amount),
      );
      if (ceiling && inGroup.greaterThan(ceiling.times(amount)))
        v(
          'stacking_within_ceiling',
          `${lineId}: group ${groupId} ${inGroup.toFixed()} > ${ceiling.toFixed()} × ${amount.toFixed()}`,
        );
    }
  }

  for (const e of input.state.tenantYear) {
    const cap = programmes.get(e.programmeId)?.caps.perTenantPerYear;
    if (cap && e.used.greaterThan(cap))
      v('tenant_year_within_cap', `${e.tenantId} ${e.programmeId} ${e.year}: ${e.used.toFixed()} > ${cap.toFixed()}`);
  }
  for (const e of input.state.tenantCumulative) {
    const cap = programmes.get(e.programmeId)?.caps.perTenantCumulative;
    if (cap && e.used.greaterThan(cap))
      v('tenant_cumulative_within_cap', `${e.tenantId} ${e.programmeId}: ${e.used.toFixed()} > ${cap.toFixed()}`);
  }
  for (const e of input.state.poolYear) {
    const pool = programmes.get(e.programmeId)?.pool;
    if (pool && e.used.greaterThan(pool.yearlyBudget))
      v('programme_within_pool', `${e.programmeId} ${e.year}: ${e.used.toFixed()} > ${pool.yearlyBudget.toFixed()}`);
  }
  return out;
}

export function assertInvariants(input: InvariantInput): void {
  const violations = checkInvariants(input);
  if (violations.length > 0) throw new InvariantViolationError(violations);
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const i of items) {
    const list = m.get(key(i));
    if (list) list.push(i);
    else m.set(key(i), [i]);
  }
  return m;
}
