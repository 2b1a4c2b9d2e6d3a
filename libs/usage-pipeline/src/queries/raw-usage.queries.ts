import type { ClickHouseClient } from '@clickhouse/client';
import { chDateTime } from './clickhouse-format';
import { SLICE_LOOKBACK_MS } from './record-span';
import { selectRows } from './select-rows';
import { summariseTotals, type UsageTotals } from './usage-totals';

export interface JobSize {
  readonly sku: string;
  readonly jobId: string;
  readonly deviceCount: number;
  /** Base units of the whole job (device-seconds for GPU SKUs). */
  readonly totalQuantity: string;
  /** Base units of the job inside the range asked for. */
  readonly periodQuantity: string;
}

/** One job's usage of one SKU in a range: the clusters it ran on and its quantity there (base units). */
export interface JobUsage {
  readonly sku: string;
  readonly jobType: string;
  readonly jobId: string;
  readonly clusters: readonly string[];
  /** Base units of the job's hour slices inside the range, a decimal string as ClickHouse sums it. */
  readonly quantity: string;
}

/**
 * Reads of the de-duplicated raw records (`usage_records FINAL`) where the rollup cannot answer: a job's size
 * across periods, and the totals that check the rollup. Never for a bill's quantities (UsageRollupQueries).
 */
export class RawUsageQueries {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  /** Sizes of a tenant's training jobs with usage in [from, to), for training-threshold subsidies. */
  async trainingJobSizes(tenantId: string, from: number, to: number): Promise<JobSize[]> {
    const inRange =
      'arrayFilter(s -> s.1 >= {from:DateTime} AND s.1 < {to:DateTime}, arrayZip(slice_hours, slice_quantities))';
    const rows = await selectRows<{
      sku: string;
      jobId: string;
      deviceCount: number | string;
      totalQuantity: string;
      periodQuantity: string;
    }>(
      this.client,
      `SELECT sku, job_id AS jobId, max(device_count) AS deviceCount, toString(sum(quantity)) AS totalQuantity,
              toString(sum(arraySum(arrayMap(s -> s.2, ${inRange})))) AS periodQuantity
       FROM ${this.database}.usage_records FINAL
       WHERE tenant_id = {tenant:String} AND job_type = 'training'
         AND job_id IN (SELECT DISTINCT job_id FROM ${this.database}.usage_records
                        WHERE tenant_id = {tenant:String} AND job_type = 'training'
                          AND ended_at >= {from:DateTime} AND started_at < {to:DateTime})
       GROUP BY sku, job_id`,
      { tenant: tenantId, from: chDateTime(from), to: chDateTime(to) },
    );
    return rows.map((r) => ({ ...r, deviceCount: Number(r.deviceCount) })).filter((r) => r.periodQuantity !== '0');
  }

  /**
   * A tenant's usage per SKU × job type × job in [from, to): the hour slices inside the range (as the rollup counts
   * them), so a SKU's jobs add up to its quantity in the rollup. For the usage detail a tenant downloads.
   */
  async jobUsage(tenantId: string, from: number, to: number): Promise<JobUsage[]> {
    const rows = await selectRows<{
      sku: string;
      jobType: string;
      jobId: string;
      clusters: string[];
      quantity: string;
    }>(
      this.client,
      `SELECT sku, job_type AS jobType, job_id AS jobId, arraySort(groupUniqArray(cluster_id)) AS clusters,
              toString(sum(slice.2)) AS quantity
       FROM ${this.database}.usage_records FINAL
       ARRAY JOIN arrayZip(slice_hours, slice_quantities) AS slice
       WHERE tenant_id = {tenant:String}
         AND started_at >= {lookback:DateTime} AND started_at < {to:DateTime}
         AND slice.1 >= {from:DateTime} AND slice.1 < {to:DateTime}
       GROUP BY sku, job_type, job_id ORDER BY sku, job_type, job_id`,
      { tenant: tenantId, lookback: chDateTime(from - SLICE_LOOKBACK_MS), from: chDateTime(from), to: chDateTime(to) },
    );
    return rows;
  }

  /** Totals straight from the de-duplicated raw records: for checks and tests, not for bills. */
  async rawTotals(): Promise<UsageTotals> {
    const rows = await selectRows<{ tenant_id: string; sku: string; n: string; q: string }>(
      this.client,
      `SELECT tenant_id, sku, toString(count()) AS n, toString(sum(quantity)) AS q
       FROM ${this.database}.usage_records FINAL GROUP BY tenant_id, sku`,
    );
    return summariseTotals(rows);
  }
}
