import { Injectable } from '@nestjs/common';
import { ClickHouseService } from '@park/clickhouse';
import { chDateTime } from '@park/usage-pipeline';

export interface IntervalQuantity {
  readonly sku: string;
  readonly jobType: string;
  /** Index into the intervals passed in. */
  readonly interval: number;
  /** Base units, exact decimal string. */
  readonly quantity: string;
}

export interface JobSize {
  readonly sku: string;
  readonly jobId: string;
  readonly deviceCount: number;
  /** Base units of the whole job (device-seconds for GPU SKUs). */
  readonly totalQuantity: string;
  /** Base units of the job inside the period. */
  readonly periodQuantity: string;
}

/**
 * The ClickHouse reads of billing (hourly rollups; raw records only for job sizes). Intervals are the
 * stretches of a period inside which no price changes (billing-domain `ratingIntervals`); their bounds are
 * whole UTC hours (the price-book and contract services refuse anything else), so summing the hours of each
 * interval gives exactly what rating the hours one by one would.
 */
@Injectable()
export class BillingUsageQueries {
  constructor(private readonly ch: ClickHouseService) {}

  private get db(): string {
    return this.ch.database;
  }

  async intervalQuantities(
    tenantId: string,
    intervals: readonly { start: Date; end: Date }[],
  ): Promise<IntervalQuantity[]> {
    if (intervals.length === 0) return [];
    const from = intervals[0].start.getTime();
    const to = intervals[intervals.length - 1].end.getTime();
    const cuts = intervals.slice(1).map((i) => Math.floor(i.start.getTime() / 1000));
    const result = await this.ch.client.query({
      query: `SELECT sku, job_type AS jobType, arrayCount(c -> c <= toUnixTimestamp(hour), {cuts:Array(UInt32)}) AS interval,
                     toString(sum(quantity)) AS quantity
              FROM ${this.db}.usage_hourly
              WHERE tenant_id = {tenant:String} AND hour >= {from:DateTime} AND hour < {to:DateTime}
              GROUP BY sku, job_type, interval ORDER BY sku, job_type, interval`,
      query_params: { tenant: tenantId, from: chDateTime(from), to: chDateTime(to), cuts },
      format: 'JSONEachRow',
    });
    const rows = await result.json<{ sku: string; jobType: string; interval: number | string; quantity: string }>();
    return rows.map((r) => ({ ...r, interval: Number(r.interval) })).filter((r) => r.quantity !== '0');
  }

  /** Quantities per Shanghai month × SKU × job type over [from, to): to find usage that arrived after a close. */
  async periodQuantities(
    tenantId: string,
    from: Date,
    to: Date,
  ): Promise<{ periodId: string; sku: string; jobType: string; quantity: string }[]> {
    const result = await this.ch.client.query({
      query: `SELECT formatDateTime(toTimeZone(hour, 'Asia/Shanghai'), '%Y-%m') AS periodId, sku, job_type AS jobType, toString(sum(quantity)) AS quantity
              FROM ${this.db}.usage_hourly
              WHERE tenant_id = {tenant:String} AND hour >= {from:DateTime} AND hour < {to:DateTime}
              GROUP BY periodId, sku, job_type`,
      query_params: { tenant: tenantId, from: chDateTime(from.getTime()), to: chDateTime(to.getTime()) },
      format: 'JSONEachRow',
    });
    return result.json();
  }

  /** Sizes of a tenant's training jobs with usage in [from, to), for training-threshold subsidies. */
  async trainingJobSizes(tenantId: string, from: Date, to: Date): Promise<JobSize[]> {
    const result = await this.ch.client.query({
      query: `SELECT sku, job_id AS jobId, max(device_count) AS deviceCount, toString(sum(quantity)) AS totalQuantity,
                     toString(sum(arraySum(arrayMap(s -> s.2, arrayFilter(s -> s.1 >= {from:DateTime} AND s.1 < {to:DateTime}, arrayZip(slice_hours, slice_quantities)))))) AS periodQuantity
              FROM ${this.db}.usage_records FINAL
              WHERE tenant_id = {tenant:String} AND job_type = 'training'
                AND job_id IN (SELECT DISTINCT job_id FROM ${this.db}.usage_records
                               WHERE tenant_id = {tenant:String} AND job_type = 'training' AND ended_at >= {from:DateTime} AND started_at < {to:DateTime})
              GROUP BY sku, job_id`,
      query_params: { tenant: tenantId, from: chDateTime(from.getTime()), to: chDateTime(to.getTime()) },
      format: 'JSONEachRow',
    });
    const rows = await result.json<{
      sku: string;
      jobId: string;
      deviceCount: number | string;
      totalQuantity: string;
      periodQuantity: string;
    }>();
    return rows.map((r) => ({ ...r, deviceCount: Number(r.deviceCount) })).filter((r) => r.periodQuantity !== '0');
  }
}
