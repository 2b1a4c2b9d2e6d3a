import { type Decimal, ZERO } from '@park/money';
import type { Deduction, NoteReason, VoucherNote } from './deduction';
import { type EligibilityResult, programmeEligibility } from './eligibility';
import type { Grant } from './grant';
import type { ApplyVouchersInput } from './apply-vouchers.input';
import type { Programme } from './programme';
import { UsageBook, type UsageState } from './usage-state';
import { toCandidates, tryCandidate } from './voucher-candidates';

export interface LineVoucherSummary {
  readonly lineId: string;
  readonly amount: Decimal;
  /** Deducted on the bill. */
  readonly onBill: Decimal;
  /** Paid back to the tenant after payment; does not reduce what the tenant pays. */
  readonly reimbursed: Decimal;
  readonly net: Decimal;
}

export interface ApplyVouchersResult {
  readonly tenantId: string;
  readonly deductions: readonly Deduction[];
  readonly notes: readonly VoucherNote[];
  readonly lines: readonly LineVoucherSummary[];
  readonly grantBalances: readonly { readonly grantId: string; readonly before: Decimal; readonly after: Decimal }[];
  /** The input counters with this run's deductions added. */
  readonly state: UsageState;
}

/**
 * Applies a tenant's grants to its statement lines.
 *
 * Lines are processed in (periodId, lineId) order. For each line, every eligible programme not in a
 * stacking group is a candidate on its own and every stacking group is one candidate; each
 * candidate is tried on a draft of the counters, and only the one giving the tenant the most is
 * kept (从优不重复; a tie goes to the lower priority number, then programme id).
 *
 * Per grant (order: programme priority, earliest validTo, grant id), the ONE order used:
 *   raw     = ratio × eligible amount (× valid days / period days when the programme prorates)
 *   rounded = round(raw) by the programme's rule
 *   amount  = min(rounded − already covered by this programme on the line,
 *                 grant balance, tenant-year cap left, tenant cumulative cap left, pool left,
 *                 stacking ceiling left, line remainder), never below 0.
 * Caps are 2-dp amounts, so the result needs no second rounding.
 */
export function applyVouchers(input: ApplyVouchersInput): ApplyVouchersResult {
  const book = UsageBook.from(input.state, input.grants);
  const result = applyVouchersToBook(input, book);
  return { ...result, state: book.toState() };
}

/** Same as applyVouchers against a shared book (used to close many tenants against one pool). */
export function applyVouchersToBook(
  input: Omit<ApplyVouchersInput, 'state'>,
  book: UsageBook,
): Omit<ApplyVouchersResult, 'state'> {
  const programmes = [...input.programmes].sort(byPriority);
  const grantsByProgramme = new Map<string, Grant[]>();
  for (const g of [...input.grants].sort((a, b) => cmp(a.validTo, b.validTo) || cmp(a.id, b.id))) {
    const list = grantsByProgramme.get(g.programmeId);
    if (list) list.push(g);
    else grantsByProgramme.set(g.programmeId, [g]);
  }
  const balancesBefore = input.grants.map((g) => ({ grantId: g.id, before: book.balance(g.id) }));
  const deductions: Deduction[] = [];
  const notes: VoucherNote[] = [];
  const lines = [...input.lines].sort((a, b) => cmp(a.periodId, b.periodId) || cmp(a.lineId, b.lineId));

  for (const line of lines) {
    const note = (
      reason: NoteReason,
      detail: string,
      programmeId: string | null = null,
      grantId: string | null = null,
    ) => notes.push({ lineId: line.lineId, programmeId, grantId, reason, detail });
    if (line.kind !== 'usage') {
      note('not_usage_line', `${line.kind} lines are not voucher-eligible`);
      continue;
    }
    if (!line.amount.greaterThan(0)) {
      note('line_not_positive', `amount ${line.amount.toFixed()}`);
      continue;
    }
    const eligible: { programme: Programme; elig: Extract<EligibilityResult, { ok: true }> }[] = [];
    for (const programme of programmes) {
      const elig = programmeEligibility(programme, line, input.tenant);
      if (elig.ok) eligible.push({ programme, elig });
      else if (grantsByProgramme.has(programme.id)) note(elig.reason, elig.detail, programme.id);
    }
    const candidates = toCandidates(eligible, input.stackingGroups).map((c) =>
      tryCandidate({ candidate: c, line, book, input, grantsByProgramme }),
    );
    const best = candidates.reduce<(typeof candidates)[number] | undefined>(
      (b, c) => (b === undefined || c.total.greaterThan(b.total) ? c : b),
      undefined,
    );
    if (best && best.total.greaterThan(0)) {
      book.commit(best.draft);
      deductions.push(...best.deductions);
      notes.push(...best.notes);
      for (const c of candidates) {
        if (c !== best && c.total.greaterThan(0)) {
          note(
            'lost_best_of',
            `${c.label} would give ${c.total.toFixed(2)}; ${best.label} gives ${best.total.toFixed(2)} (从优不重复)`,
            c.programmeIds[0],
          );
        }
      }
    } else {
      for (const c of candidates) notes.push(...c.notes);
    }
  }

  const byLine = new Map<string, { onBill: Decimal; reimbursed: Decimal }>();
  for (const d of deductions) {
    const acc = byLine.get(d.lineId) ?? { onBill: ZERO, reimbursed: ZERO };
    byLine.set(
      d.lineId,
      d.mechanism === 'on_bill'
        ? { ...acc, onBill: acc.onBill.plus(d.amount) }
        : { ...acc, reimbursed: acc.reimbursed.plus(d.amount) },
    );
  }
  return {
    tenantId: input.tenant.id,
    deductions,
    notes,
    lines: lines.map((l) => {
      const acc = byLine.get(l.lineId) ?? { onBill: ZERO, reimbursed: ZERO };
      return {
        lineId: l.lineId,
        amount: l.amount,
        onBill: acc.onBill,
        reimbursed: acc.reimbursed,
        net: l.amount.minus(acc.onBill),
      };
    }),
    grantBalances: balancesBefore.map((b) => ({ ...b, after: book.balance(b.grantId) })),
  };
}

function byPriority(a: Programme, b: Programme): number {
  return a.priority - b.priority || cmp(a.id, b.id);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
