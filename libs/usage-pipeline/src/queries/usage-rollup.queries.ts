import type { ClickHouseClient } from '@clickhouse/client';
import { chDateTime } from './clickhouse-format';
import { selectRows } from './select-rows';
import { summariseTotals, type UsageTotals } from './usage-totals';

export interface SkuQuantity {
  sku: string;
  quantity: string;
  records: string;
}

export interface IntervalQuantity {
  readonly sku: string;
  readonly jobType: string;
  /** Index into the intervals passed in. */
  readonly interval: number;
  /** Base units, exact decimal string. */
  readonly quantity: string;
}

/** A tenant's quantity on one day (Asia/Shanghai, `YYYY-MM-DD`) inside one rating interval. */
export interface DailyIntervalQuantity extends IntervalQuantity {
  readonly day: string;
}

export interface TenantIntervalQuantity extends IntervalQuantity {
  readonly tenantId: string;
}

export interface PeriodQuantity {
  tenantId: string;
  periodId: string;
  sku: string;
  jobType: string;
  quantity: string;
}

interface IntervalRow {
  tenantId: string;
  sku: string;
  jobType: string;
  interval: number | string;
  quantity: string;
}

/**
 * Reads of the hourly rollup (`usage_hourly`), what bills are made of: sums over a SummingMergeTree are right
 * whether or not its parts have merged, so no FINAL and no de-duplication scan at query time.
 *
 * Intervals are the stretches of a period inside which no price changes (billing-domain `ratingIntervals`); their
 * bounds are whole UTC hours (the price-book and contract services refuse anything else), so summing the hours of
 * each interval gives exactly what rating the hours one by one would.
 */
export class UsageRollupQueries {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  /** A tenant's quantities per SKU over [from, to): the month-to-date bill's numbers. */
  quantitiesBySku(tenantId: string, from: number, to: number): Promise<SkuQuantity[]> {
    return selectRows(
      this.client,
      `SELECT sku, toString(sum(quantity)) AS quantity, toString(sum(records)) AS records
       FROM ${this.database}.usage_hourly
       WHERE tenant_id = {tenant:String} AND hour >= {from:DateTime} AND hour < {to:DateTime}
       GROUP BY sku ORDER BY sku`,
      { tenant: tenantId, from: chDateTime(from), to: chDateTime(to) },
    );
  }

  /** A tenant's quantities per rating interval × SKU × job type (the input of rating); zero sums left out. */
  async intervalQuantities(
    tenantId: string,
    intervals: readonly { start: Date; end: Date }[],
  ): Promise<IntervalQuantity[]> {
    if (intervals.length === 0) return [];
    const from = intervals[0].start.getTime();
    const to = intervals[intervals.length - 1].end.getTime();
    const cuts = intervals.slice(1).map((i) => i.start.getTime());
    const rows = await this.intervalRows({ tenantId, from, to, cuts });
    return rows.map(({ sku, jobType, interval, quantity }) => ({ sku, jobType, interval, quantity }));
  }

  /**
   * A tenant's quantities per Shanghai day × rating interval × SKU × job type (the daily trend), zero sums left out.
   * Shanghai days start on whole UTC hours, so every hour of the rollup lies inside one day.
   */
  async dailyIntervalQuantities(
    tenantId: string,
    intervals: readonly { start: Date; end: Date }[],
  ): Promise<DailyIntervalQuantity[]> {
    if (intervals.length === 0) return [];
    // "slot", not "interval": `interval ORDER BY day` would be read as an INTERVAL literal
    const rows = await selectRows<{
      day: string;
      sku: string;
      jobType: string;
      slot: number | string;
      quantity: string;
    }>(
      this.client,
      `SELECT formatDateTime(toTimeZone(hour, 'Asia/Shanghai'), '%Y-%m-%d') AS day, sku, job_type AS jobType,
              arrayCount(c -> c <= toUnixTimestamp(hour), {cuts:Array(UInt32)}) AS slot,
              toString(sum(quantity)) AS quantity
       FROM ${this.database}.usage_hourly
       WHERE tenant_id = {tenant:String} AND hour >= {from:DateTime} AND hour < {to:DateTime}
       GROUP BY day, sku, jobType, slot ORDER BY day, sku, jobType, slot`,
      {
        tenant: tenantId,
        from: chDateTime(intervals[0].start.getTime()),
        to: chDateTime(intervals[intervals.length - 1].end.getTime()),
        cuts: intervals.slice(1).map((i) => Math.floor(i.start.getTime() / 1000)),
      },
    );
    return rows
      .filter((r) => r.quantity !== '0')
      .map(({ day, sku, jobType, slot, quantity }) => ({ day, sku, jobType, interval: Number(slot), quantity }));
  }

  /**
   * Every tenant's quantities per interval × SKU × job type over [from, to), intervals cut at `cuts` (epoch ms,
   * inside the range, ascending): one read for a whole period close instead of one per tenant.
   */
  intervalQuantitiesOfAllTenants(from: number, to: number, cuts: readonly number[]): Promise<TenantIntervalQuantity[]> {
    return this.intervalRows({ from, to, cuts });
  }

  /** These tenants' quantities per billing period (Asia/Shanghai month) × SKU × job type, hours in [from, to). */
  periodQuantities(tenantIds: readonly string[], from: number, to: number): Promise<PeriodQuantity[]> {
    if (tenantIds.length === 0) return Promise.resolve([]);
    return selectRows(
      this.client,
      `SELECT tenant_id AS tenantId, formatDateTime(toTimeZone(hour, 'Asia/Shanghai'), '%Y-%m') AS periodId, sku,
              job_type AS jobType, toString(sum(quantity)) AS quantity
       FROM ${this.database}.usage_hourly
       WHERE hour >= {from:DateTime} AND hour < {to:DateTime}
         AND tenant_id IN (SELECT arrayJoin({tenants:Array(String)}))
       GROUP BY tenantId, periodId, sku, jobType`,
      { tenants: [...tenantIds], from: chDateTime(from), to: chDateTime(to) },
    );
  }

  /** Totals of the whole rollup; equal to RawUsageQueries.rawTotals when the pipeline counted every record once. */
  async rollupTotals(): Promise<UsageTotals> {
    const rows = await selectRows<{ tenant_id: string; sku: string; n: string; q: string }>(
      this.client,
      `SELECT tenant_id, sku, toString(sum(records)) AS n, toString(sum(quantity)) AS q
       FROM ${this.database}.usage_hourly GROUP BY tenant_id, sku`,
    );
    return summariseTotals(rows);
  }

  /** Sums per tenant × SKU × job type × interval; one tenant's in a stable order, all tenants' as they come. */
  private async intervalRows(q: {
    tenantId?: string;
    from: number;
    to: number;
    cuts: readonly number[];
  }): Promise<TenantIntervalQuantity[]> {
    const oneTenant = q.tenantId !== undefined;
    const rows = await selectRows<IntervalRow>(
      this.client,
      `SELECT tenant_id AS tenantId, sku, job_type AS jobType,
              arrayCount(c -> c <= toUnixTimestamp(hour), {cuts:Array(UInt32)}) AS interval,
              toString(sum(quantity)) AS quantity
       FROM ${this.database}.usage_hourly
       WHERE ${oneTenant ? 'tenant_id = {tenant:String} AND ' : ''}hour >= {from:DateTime} AND hour < {to:DateTime}
       GROUP BY tenant_id, sku, job_type, interval${oneTenant ? ' ORDER BY sku, job_type, interval' : ''}`,
      {
        ...(oneTenant ? { tenant: q.tenantId } : {}),
        from: chDateTime(q.from),
        to: chDateTime(q.to),
        cuts: q.cuts.map((t) => Math.floor(t / 1000)),
      },
    );
    return rows.filter((r) => r.quantity !== '0').map((r) => ({ ...r, interval: Number(r.interval) }));
  }
}
