import { Injectable } from '@nestjs/common';
import { periodBounds, type PeriodId } from '@park/billing-domain';
import { UsageRollupQueries, type IntervalQuantity } from '@park/usage-pipeline';

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

  constructor(private readonly usage: UsageRollupQueries) {}

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
    const byTenant = new Map<string, IntervalQuantity[]>();
    const rows = await this.usage.intervalQuantitiesOfAllTenants(start.getTime(), end.getTime(), inside);
    for (const { tenantId, ...row } of rows) {
      const list = byTenant.get(tenantId) ?? [];
      list.push(row);
      byTenant.set(tenantId, list);
    }
    return { intervals, byTenant };
  }
}
