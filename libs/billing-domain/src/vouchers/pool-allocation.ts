import { type Decimal, type DecimalInput, ZERO, allocateByWeights, sum } from '@park/money';
import type { LocalDate } from '../time/shanghai-calendar';
import { closeTenantsInOrder, type TenantToClose } from './close-tenants';
import type { UsageStateSpec } from './apply-vouchers.input';
import type { Programme } from './programme';

/** What one tenant may draw from one programme's pool for one usage year in a close. */
export interface PoolAllocation {
  readonly tenantId: string;
  readonly programmeId: string;
  readonly year: number;
  readonly amount: Decimal;
}

/**
 * Decides, for a whole close and before any statement is issued, what each tenant draws from each pool, so the
 * statements do not depend on which close job commits first. Each tenant's `queuePosition` is the time its
 * earliest grant of a pooled programme was issued (the caller sets it); ties by tenant id.
 * - `grant_issue_time`: tenants in that order each take what their statement would take (先到先得 by grant);
 *   once the pool is spent, later tenants get what is left, then nothing.
 * - `pro_rata`: every tenant's demand is computed with the pool lifted; if the demands exceed the room left,
 *   the room is shared in proportion to them, truncated to 分, the remaining 分 to the first tenant in order.
 * A tenant of the close with no row for a pooled programme × year draws nothing from it.
 */
export function allocatePools(input: {
  readonly asOf: LocalDate;
  readonly programmes: readonly Programme[];
  readonly stackingGroups?: readonly { readonly id: string; readonly ceiling: DecimalInput }[];
  readonly state?: UsageStateSpec;
  readonly tenants: readonly TenantToClose[];
}): PoolAllocation[] {
  const pooled = new Map(input.programmes.filter((p) => p.pool !== null).map((p) => [p.id, p]));
  const lifted = input.programmes.map((p) => (p.pool?.order === 'pro_rata' ? { ...p, pool: null } : p));
  const run = closeTenantsInOrder({ ...input, programmes: lifted });
  const demand = new Map<string, { tenantId: string; programmeId: string; year: number; amount: Decimal }>();
  run.results.forEach((result, i) => {
    const tenantId = run.order[i];
    for (const d of result.deductions) {
      if (!pooled.has(d.programmeId)) continue;
      const key = JSON.stringify([d.programmeId, d.year, tenantId]);
      const acc = demand.get(key) ?? { tenantId, programmeId: d.programmeId, year: d.year, amount: ZERO };
      demand.set(key, { ...acc, amount: acc.amount.plus(d.amount) });
    }
  });
  const byPool = new Map<string, PoolAllocation[]>();
  for (const a of demand.values()) {
    const key = JSON.stringify([a.programmeId, a.year]);
    byPool.set(key, [...(byPool.get(key) ?? []), a]);
  }
  const out: PoolAllocation[] = [];
  for (const demands of byPool.values()) {
    const programme = pooled.get(demands[0].programmeId) as Programme;
    const pool = programme.pool as NonNullable<Programme['pool']>;
    const total = sum(demands.map((d) => d.amount));
    const year = demands[0].year;
    const used =
      (input.state?.poolYear ?? []).find((e) => e.programmeId === programme.id && e.year === year)?.used ?? '0';
    const room = pool.yearlyBudget.minus(used);
    if (pool.order !== 'pro_rata' || total.lessThanOrEqualTo(room) || total.isZero()) {
      out.push(...demands);
      continue;
    }
    const shares = allocateByWeights(
      room.isNegative() ? ZERO : room,
      demands.map((d) => d.amount),
    );
    demands.forEach((d, i) => out.push({ ...d, amount: shares[i] }));
  }
  const key = (a: PoolAllocation) => JSON.stringify([a.programmeId, String(a.year).padStart(4, '0'), a.tenantId]);
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
