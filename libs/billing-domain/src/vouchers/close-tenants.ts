import { type Decimal, type DecimalInput, ZERO } from '@park/money';
import type { LocalDate } from '../time/shanghai-calendar';
import { applyVouchersToBook, type ApplyVouchersResult } from './apply-vouchers';
import { buildApplyVouchersInput, type UsageStateSpec } from './apply-vouchers.input';
import type { GrantSpec } from './grant';
import type { Programme } from './programme';
import { UsageBook, type UsageState } from './usage-state';
import type { VoucherLine } from './voucher-line';

export interface TenantToClose {
  readonly tenant: { readonly id: string; readonly flags?: readonly string[] };
  readonly lines: readonly VoucherLine[];
  readonly grants: readonly GrantSpec[];
  /**
   * Place in the queue for a shared pool, e.g. the order in which tenants' statements were
   * submitted (先到先得). Tenants without one come after those with one.
   */
  readonly queuePosition?: number;
}

export interface CloseTenantsResult {
  /** Tenant ids in the order they were applied. */
  readonly order: readonly string[];
  readonly results: readonly Omit<ApplyVouchersResult, 'state'>[];
  /** Who got what, per programme, in application order. */
  readonly summary: readonly { readonly tenantId: string; readonly programmeId: string; readonly amount: Decimal }[];
  readonly state: UsageState;
}

/**
 * Applies vouchers to many tenants one after another against one set of counters, so a pool
 * shared across tenants is spent deterministically: in ascending queuePosition, then tenant id
 * (plain string order). Once a pool is spent, later tenants get what is left, then nothing.
 */
export function closeTenantsInOrder(input: {
  readonly asOf: LocalDate;
  readonly programmes: readonly Programme[];
  readonly stackingGroups?: readonly { readonly id: string; readonly ceiling: DecimalInput }[];
  readonly state?: UsageStateSpec;
  readonly tenants: readonly TenantToClose[];
}): CloseTenantsResult {
  const ordered = [...input.tenants].sort(
    (a, b) =>
      (a.queuePosition ?? Infinity) - (b.queuePosition ?? Infinity) ||
      (a.tenant.id < b.tenant.id ? -1 : a.tenant.id > b.tenant.id ? 1 : 0),
  );
  // Validates the shared parts (state, stacking groups) once.
  const shared = buildApplyVouchersInput({
    asOf: input.asOf,
    tenant: { id: '-' },
    lines: [],
    programmes: input.programmes,
    stackingGroups: input.stackingGroups,
    grants: [],
    state: input.state,
  });
  const book = UsageBook.from(shared.state, []);
  const results: Omit<ApplyVouchersResult, 'state'>[] = [];
  const summary: { tenantId: string; programmeId: string; amount: Decimal }[] = [];
  for (const t of ordered) {
    const tenantInput = buildApplyVouchersInput({
      asOf: input.asOf,
      tenant: t.tenant,
      lines: t.lines,
      programmes: input.programmes,
      stackingGroups: input.stackingGroups,
      grants: t.grants,
    });
    book.addGrants(tenantInput.grants);
    const result = applyVouchersToBook(tenantInput, book);
    results.push(result);
    const byProgramme = new Map<string, Decimal>();
    for (const d of result.deductions)
      byProgramme.set(d.programmeId, (byProgramme.get(d.programmeId) ?? ZERO).plus(d.amount));
    for (const [programmeId, amount] of [...byProgramme].sort(([a], [b]) => (a < b ? -1 : 1)))
      summary.push({ tenantId: t.tenant.id, programmeId, amount });
  }
  return { order: ordered.map((t) => t.tenant.id), results, summary, state: book.toState() };
}
