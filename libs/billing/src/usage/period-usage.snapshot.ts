import { Injectable } from '@nestjs/common';
import { periodBounds, type PeriodId } from '@park/billing-domain';
import { ClickHouseService } from '@park/clickhouse';
import { chDateTime } from '@park/usage-pipeline';
import type { IntervalQuantity } from './billing-usage.queries';

export interface UsageSnapshot {
  readonly intervals: readonly { start: Date; end: Date }[];
  readonly byTenant: ReadonlyMap<string, readonly IntervalQuantity[]>;
}

const KEEP_MS = 30 * 60_000;

/**
 * One ClickHouse read for a whole period close: every tenant's quantities per rating interval × SKU × job type,
 * taken once per close run and process, instead of one query per tenant job. The intervals are cut at every
 * price change of every price book and contract (a superset of any one tenant's), so rating stays exact.
 * Usage stored after the snapshot is billed as a late-usage adjustment of the next period, like any late usage.
 */
@Injectable()
export class PeriodUsageSnapshots {
  private readonly runs = new Map<string, { at: number; snapshot: Promise<UsageSnapshot> }>();

  constructor(private readonly ch: ClickHouseService) {}

  get(runKey: string, periodId: PeriodId, cuts: readonly Date[]): Promise<UsageSnapshot> {
    const now = Date.now();
    for (const [k, v] of this.runs) if (now - v.at > KEEP_MS) this.runs.delete(k);
    let run = this.runs.get(runKey);
    if (!run) {
      run = { at: now, snapshot: this.load(periodId, cuts) };
      this.runs.set(runKey, run);
      run.snapshot.catch(() => this.runs.delete(runKey));
    }
    return run.snapshot;
  }

  private async load(periodId: PeriodId, cuts: readonly Date[]): Promise<UsageSnapshot> {
    const { start, end } = periodBounds(periodId);
    const inside = [
      ...new Set(cuts.map((c) => c.getTime()).filter((t) => t > start.getTime() && t < end.getTime())),
    ].sort((a, b) => a - b);
    const points = [start.getTime(), ...inside, end.getTime()];
    const intervals = points.slice(0, -1).map((t, i) => ({ start: new Date(t), end: new Date(points[i + 1]) }));
    const result = await this.ch.client.query({
      query: `SELECT tenant_id AS tenantId, sku, job_type AS jobType, arrayCount(c -> c <= toUnixTimestamp(hour), {cuts:Array(UInt32)}) AS interval,
                     toString(sum(quantity)) AS quantity
              FROM ${this.ch.database}.usage_hourly
              WHERE hour >= {from:DateTime} AND hour < {to:DateTime}
              GROUP BY tenant_id, sku, job_type, interval`,
      query_params: {
        from: chDateTime(start.getTime()),
        to: chDateTime(end.getTime()),
        cuts: inside.map((t) => Math.floor(t / 1000)),
      },
      format: 'JSONEachRow',
    });
    const byTenant = new Map<string, IntervalQuantity[]>();
    for (const r of await result.json<{
      tenantId: string;
      sku: string;
      jobType: string;
      interval: number | string;
      quantity: string;
    }>()) {
      if (r.quantity === '0') continue;
      const list = byTenant.get(r.tenantId) ?? [];
      list.push({ sku: r.sku, jobType: r.jobType, interval: Number(r.interval), quantity: r.quantity });
      byTenant.set(r.tenantId, list);
    }
    return { intervals, byTenant };
  }
}
