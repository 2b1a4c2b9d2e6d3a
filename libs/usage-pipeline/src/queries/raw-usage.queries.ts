import type { ClickHouseClient } from '@clickhouse/client';
import { chDateTime } from './clickhouse-format';
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
