import { type Decimal, ZERO, allocateByWeights, clampAtZero, min, roundMoney, sum, truncateToFen } from '@park/money';
import { daysInPeriod, overlapDays, periodYear } from '../time/shanghai-calendar';
import type { ApplyVouchersInput } from './apply-vouchers.input';
import type { CapName, Deduction, NoteReason, VoucherNote } from './deduction';
import type { EligibilityResult } from './eligibility';
import type { Grant } from './grant';
import type { Programme, StackingGroup } from './programme';
import { counterKey, type UsageBook, type UsageDraft } from './usage-state';
import type { TenantProfile, VoucherLine } from './voucher-line';

// One line's candidates for applyVouchers (a programme alone or a stacking group), each tried on a draft of the
// counters: the grant order, the rounding and every cap that bounds a deduction.

export interface Candidate {
  readonly label: string;
  readonly group: StackingGroup | null;
  readonly members: { programme: Programme; elig: Extract<EligibilityResult, { ok: true }> }[];
}

/** One candidate per ungrouped programme, one per stacking group; in order of their first (highest-priority) member. */
export function toCandidates(eligible: Candidate['members'], groups: readonly StackingGroup[]): Candidate[] {
  const byKey = new Map<string, Candidate>();
  for (const m of eligible) {
    const groupId = m.programme.stackingGroup;
    const key = groupId === null ? `programme:${m.programme.id}` : `group:${groupId}`;
    const existing = byKey.get(key);
    if (existing) existing.members.push(m);
    else if (groupId === null) byKey.set(key, { label: `programme ${m.programme.id}`, group: null, members: [m] });
    else
      byKey.set(key, {
        label: `stacking group ${groupId}`,
        group: groups.find((g) => g.id === groupId) ?? { id: groupId, ceiling: ZERO },
        members: [m],
      });
  }
  return [...byKey.values()];
}

export function tryCandidate(args: {
  candidate: Candidate;
  line: VoucherLine;
  book: UsageBook;
  input: Omit<ApplyVouchersInput, 'state'>;
  grantsByProgramme: ReadonlyMap<string, readonly Grant[]>;
}) {
  const { candidate, line, input } = args;
  const draft = args.book.draft();
  const deductions: Deduction[] = [];
  const notes: VoucherNote[] = [];
  const year = periodYear(line.periodId);
  let lineRemaining = line.amount;
  let groupRemaining = candidate.group ? truncateToFen(candidate.group.ceiling.times(line.amount)) : null;

  for (const { programme, elig } of candidate.members) {
    const note = (reason: NoteReason, detail: string, grantId: string | null = null) =>
      notes.push({ lineId: line.lineId, programmeId: programme.id, grantId, reason, detail });
    const grants = usableGrants(args.grantsByProgramme.get(programme.id) ?? [], line, input.asOf, note);
    if (grants.length === 0) continue;
    let covered = ZERO;
    for (const grant of grants) {
      const validDays = programme.dayProration ? overlapDays(line.periodId, grant.validFrom, grant.validTo) : null;
      const periodDays = programme.dayProration ? daysInPeriod(line.periodId) : null;
      const proratedEligible =
        validDays !== null && periodDays !== null
          ? elig.eligibleAmount.times(validDays).dividedBy(periodDays)
          : elig.eligibleAmount;
      const raw = elig.ratio.times(proratedEligible);
      const rounded = roundMoney(raw, programme.rounding);
      const target = rounded.minus(covered);
      if (!target.greaterThan(0)) {
        if (covered.isZero())
          note('zero_after_rounding', `${raw.toFixed()} rounds to 0 by ${programme.rounding}`, grant.id);
        continue;
      }
      const limits = capLimits({ programme, grant, tenant: input.tenant, year, draft, groupRemaining, lineRemaining });
      const amount = clampAtZero(min(target, ...limits.map((l) => l.remaining)));
      // A limit that equals the amount is reported as binding even when the ratio asked for the same.
      const boundBy: CapName | 'ratio' = limits.find((l) => clampAtZero(l.remaining).equals(amount))?.name ?? 'ratio';
      if (amount.isZero()) {
        note(boundBy === 'ratio' ? 'zero_after_rounding' : boundBy, `nothing left under ${boundBy}`, grant.id);
        continue;
      }
      const balanceBefore = draft.balance(grant.id);
      record(draft, programme, input.tenant, year, grant.id, amount);
      const shares = allocateByWeights(
        amount,
        programme.funders.map((f) => f.share),
      );
      deductions.push({
        deductionId: `${line.lineId}#${grant.id}`,
        lineId: line.lineId,
        periodId: line.periodId,
        year,
        tenantId: input.tenant.id,
        grantId: grant.id,
        programmeId: programme.id,
        mechanism: programme.mechanism === 'reimbursed' ? 'reimbursed' : 'on_bill',
        rule: {
          stacking: candidate.group
            ? { mode: 'group', groupId: candidate.group.id, ceiling: candidate.group.ceiling }
            : { mode: 'best_of' },
          ratioSource: elig.ratioSource,
          rounding: programme.rounding,
          dayProration: programme.dayProration,
          trainingThreshold: programme.eligibility.trainingThreshold !== null,
        },
        lineAmount: line.amount,
        eligibleFraction: elig.eligibleFraction,
        eligibleAmount: elig.eligibleAmount,
        validDays,
        periodDays,
        proratedEligible,
        ratio: elig.ratio,
        raw,
        rounded,
        coveredBefore: covered,
        target,
        limits,
        boundBy,
        amount,
        balanceBefore,
        balanceAfter: balanceBefore.minus(amount),
        funding: programme.funders.map((f, i) => ({ funderId: f.id, amount: shares[i] })),
      });
      if (boundBy !== 'ratio' && amount.lessThan(target))
        note(boundBy, `capped at ${amount.toFixed(2)} of ${target.toFixed(2)} by ${boundBy}`, grant.id);
      covered = covered.plus(amount);
      lineRemaining = lineRemaining.minus(amount);
      if (groupRemaining !== null) groupRemaining = groupRemaining.minus(amount);
    }
  }
  return {
    label: candidate.label,
    programmeIds: candidate.members.map((m) => m.programme.id),
    draft,
    deductions,
    notes,
    total: sum(deductions.map((d) => d.amount)),
  };
}

function usableGrants(
  grants: readonly Grant[],
  line: VoucherLine,
  asOf: string,
  note: (r: NoteReason, d: string, g: string) => void,
): Grant[] {
  return grants.filter((g) => {
    const problem: [NoteReason, string] | null =
      g.status !== 'active'
        ? ['grant_not_active', g.status]
        : g.validFrom > asOf
          ? ['grant_not_yet_valid', `valid from ${g.validFrom}, as of ${asOf}`]
          : overlapDays(line.periodId, g.validFrom, g.validTo) === 0
            ? ['grant_not_valid_in_period', `valid ${g.validFrom}..${g.validTo}`]
            : g.contractId !== null && g.contractId !== line.contractId
              ? ['grant_for_other_contract', `grant is for contract ${g.contractId}`]
              : null;
    if (problem) note(problem[0], problem[1], g.id);
    return problem === null;
  });
}

function capLimits(a: {
  programme: Programme;
  grant: Grant;
  tenant: TenantProfile;
  year: number;
  draft: UsageDraft;
  groupRemaining: Decimal | null;
  lineRemaining: Decimal;
}): { name: CapName; remaining: Decimal }[] {
  const { programme: p, tenant, year, draft } = a;
  const limits: { name: CapName; remaining: Decimal }[] = [
    { name: 'grant_balance', remaining: draft.balance(a.grant.id) },
  ];
  if (p.caps.perTenantPerYear)
    limits.push({
      name: 'tenant_year_cap',
      remaining: p.caps.perTenantPerYear.minus(draft.used(counterKey.tenantYear(p.id, tenant.id, year))),
    });
  if (p.caps.perTenantCumulative)
    limits.push({
      name: 'tenant_cumulative_cap',
      remaining: p.caps.perTenantCumulative.minus(draft.used(counterKey.tenantCumulative(p.id, tenant.id))),
    });
  if (p.pool)
    limits.push({ name: 'pool', remaining: p.pool.yearlyBudget.minus(draft.used(counterKey.poolYear(p.id, year))) });
  if (a.groupRemaining !== null) limits.push({ name: 'stacking_ceiling', remaining: a.groupRemaining });
  limits.push({ name: 'line_remaining', remaining: a.lineRemaining });
  return limits;
}

function record(
  draft: UsageDraft,
  p: Programme,
  tenant: TenantProfile,
  year: number,
  grantId: string,
  amount: Decimal,
): void {
  draft.redeem(grantId, amount);
  draft.record(counterKey.tenantYear(p.id, tenant.id, year), amount);
  draft.record(counterKey.tenantCumulative(p.id, tenant.id), amount);
  draft.record(counterKey.poolYear(p.id, year), amount);
}
