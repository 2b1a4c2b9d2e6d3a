import { Injectable } from '@nestjs/common';
import {
  buildRateUsageInput,
  daysInPeriod,
  isPeriodId,
  localDateOf,
  periodBounds,
  periodOf,
  rateUsage,
  ratingIntervals,
  SHANGHAI_OFFSET_MS,
  type Catalogue,
  type JobType,
  type PeriodId,
} from '@park/billing-domain';
import { Decimal, formatDecimal } from '@park/money';
import { UsageRollupQueries, type DailyIntervalQuantity } from '@park/usage-pipeline';
import { InvalidInput } from '../errors/billing.errors';
import { BillingContextLoader, type TenantContext } from './billing-context.loader';

const DAY_MS = 86_400_000;

export interface DailySku {
  sku: string;
  /** In the SKU's billing unit (GPU-hours), 6 decimals at most. */
  quantity: string;
  billingUnit: string | null;
  /** 元, 2 decimals: what the day added to the month's gross (see UsageTrendService). */
  amount: string;
}

export interface UsageDay {
  /** Asia/Shanghai calendar day, YYYY-MM-DD. */
  day: string;
  amount: string;
  skus: DailySku[];
}

/**
 * A tenant's usage and cost per day (Asia/Shanghai) in a period, month to date for the current one.
 *
 * A day's cost is what it added to the month's gross at the tenant's prices (price book, contract prices and
 * discounts in force hour by hour): the month rated through that day minus the month rated through the day before.
 * So tiers and volume prices by monthly quantity come out as the bill has them, and the days sum to the month's
 * gross usage lines exactly. Before vouchers and subsidies (they apply to the month, not to a day), and without
 * a committed-spend top-up (that is owed for the month as a whole).
 */
@Injectable()
export class UsageTrendService {
  constructor(
    private readonly queries: UsageRollupQueries,
    private readonly loader: BillingContextLoader,
  ) {}

  async daily(tenantId: string, periodId: string = periodOf(new Date())) {
    if (!isPeriodId(periodId))
      throw new InvalidInput('usage query', [{ path: 'period', message: `${periodId} is not a period id (YYYY-MM)` }]);
    const context = await this.loader.forTenant(tenantId, periodId);
    const intervals = ratingIntervals({ periodId, priceBook: context.priceBook, contracts: context.contracts });
    const rows = await this.queries.dailyIntervalQuantities(tenantId, intervals);
    const days = daysToDate(periodId, new Date());
    const costs = cumulativeCosts(context, periodId, rows, intervals, days);
    const out: UsageDay[] = days.map((day, k) => {
      const bySku = new Map<string, DailySku>();
      const quantities = new Map<string, Decimal>();
      for (const r of rows)
        if (r.day === day) quantities.set(r.sku, (quantities.get(r.sku) ?? new Decimal(0)).plus(r.quantity));
      const before = k === 0 ? new Map<string, Decimal>() : costs[k - 1];
      const skus = new Set([...quantities.keys(), ...costs[k].keys()]);
      let amount = new Decimal(0);
      for (const sku of [...skus].sort()) {
        const added = (costs[k].get(sku) ?? new Decimal(0)).minus(before.get(sku) ?? 0);
        const base = quantities.get(sku) ?? new Decimal(0);
        if (base.isZero() && added.isZero()) continue;
        amount = amount.plus(added);
        bySku.set(sku, { sku, ...inBillingUnit(context.rules.catalogue, sku, base), amount: added.toFixed(2) });
      }
      return { day, amount: amount.toFixed(2), skus: [...bySku.values()] };
    });
    return { tenantId, periodId, currency: 'CNY', days: out };
  }
}

/** The period's Shanghai days up to today (all of them for a past period, none for a future one). */
export function daysToDate(periodId: PeriodId, now: Date): string[] {
  const first = periodBounds(periodId).start.getTime();
  const count = Math.min(daysInPeriod(periodId), Math.floor((now.getTime() - first) / DAY_MS) + 1);
  return Array.from({ length: Math.max(0, count) }, (_, i) => localDateOf(new Date(first + i * DAY_MS)));
}

function inBillingUnit(catalogue: Catalogue, code: string, base: Decimal) {
  const sku = catalogue.get(code);
  const factor = sku ? new Decimal(sku.billingUnit.factor.toFixed()) : new Decimal(1);
  return { quantity: formatDecimal(base.dividedBy(factor), 6), billingUnit: sku?.billingUnit.code ?? null };
}

/** For each day, the period's gross usage amount per SKU rated over the days up to and including it. */
function cumulativeCosts(
  context: TenantContext,
  periodId: PeriodId,
  rows: readonly DailyIntervalQuantity[],
  intervals: readonly { start: Date; end: Date }[],
  days: readonly string[],
): Map<string, Decimal>[] {
  const buckets = rows.map((r) => {
    // the part of the rating interval inside the day: tiers are filled in the order the hours came
    const dayStart = Date.parse(`${r.day}T00:00:00Z`) - SHANGHAI_OFFSET_MS;
    const { start, end } = intervals[r.interval];
    return {
      day: r.day,
      sku: r.sku,
      jobType: r.jobType as JobType,
      start: new Date(Math.max(start.getTime(), dayStart)),
      end: new Date(Math.min(end.getTime(), dayStart + DAY_MS)),
      quantity: r.quantity,
    };
  });
  let last = new Map<string, Decimal>();
  let counted = 0;
  return days.map((day) => {
    const usage = buckets.filter((b) => b.day <= day);
    // a day without usage leaves the month's amounts as they were
    if (usage.length === counted) return last;
    counted = usage.length;
    const input = buildRateUsageInput({
      tenantId: context.tenant.id,
      catalogue: context.rules.catalogue,
      priceBook: context.priceBook,
      contracts: context.contracts,
      usage,
      periods: [periodId],
    });
    const sums = new Map<string, Decimal>();
    for (const line of rateUsage(input).lines)
      if (line.kind === 'usage' && line.sku)
        sums.set(line.sku, (sums.get(line.sku) ?? new Decimal(0)).plus(line.amount));
    last = sums;
    return sums;
  });
}
