import type { ClickHouseClient } from '@clickhouse/client';
import { fromMicros, toMicros } from '@park/usage-domain';
import { chDateTime } from './clickhouse-format';

export interface SkuQuantity {
  sku: string;
  quantity: string;
  records: string;
}

export interface HourlyQuantity {
  sku: string;
  jobType: string;
  hour: number;
  quantity: string;
}

/**
 * Billing reads quantities from the hourly rollups only: sums over a SummingMergeTree are right whether or not
 * its parts have merged, so no FINAL and no de-duplication scan at query time.
 */
export class UsageBillingQueries {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  /** A tenant's quantities per SKU over [from, to): the month-to-date bill's numbers. */
  async quantitiesBySku(tenantId: string, from: number, to: number): Promise<SkuQuantity[]> {
    const result = await this.client.query({
      query: `SELECT sku, toString(sum(quantity)) AS quantity, toString(sum(records)) AS records
              FROM ${this.database}.usage_hourly
              WHERE tenant_id = {tenant:String} AND hour >= {from:DateTime} AND hour < {to:DateTime}
              GROUP BY sku ORDER BY sku`,
      query_params: { tenant: tenantId, from: chDateTime(from), to: chDateTime(to) },
      format: 'JSONEachRow',
    });
    return result.json<SkuQuantity>();
  }

  /** A tenant's hourly quantities per SKU × job type over [from, to): the input of rating. */
  async hourlyQuantities(tenantId: string, from: number, to: number): Promise<HourlyQuantity[]> {
    const result = await this.client.query({
      query: `SELECT sku, job_type AS jobType, toUnixTimestamp(hour) * 1000 AS hour, toString(sum(quantity)) AS quantity
              FROM ${this.database}.usage_hourly
              WHERE tenant_id = {tenant:String} AND hour >= {from:DateTime} AND hour < {to:DateTime}
              GROUP BY sku, job_type, hour ORDER BY sku, job_type, hour`,
      query_params: { tenant: tenantId, from: chDateTime(from), to: chDateTime(to) },
      format: 'JSONEachRow',
    });
    return (await result.json<{ sku: string; jobType: string; hour: string | number; quantity: string }>()).map(
      (r) => ({
        ...r,
        hour: Number(r.hour),
      }),
    );
  }

  /** Totals straight from the de-duplicated raw records (FINAL): for reconciliation and tests, not for bills. */
  async rawTotals(): Promise<{ records: string; quantity: string; byTenantSku: Record<string, string> }> {
    const rows = await (
      await this.client.query({
        query: `SELECT tenant_id, sku, toString(count()) AS n, toString(sum(quantity)) AS q
                FROM ${this.database}.usage_records FINAL GROUP BY tenant_id, sku`,
        format: 'JSONEachRow',
      })
    ).json<{ tenant_id: string; sku: string; n: string; q: string }>();
    return summarise(rows.map((r) => ({ key: `${r.tenant_id}|${r.sku}`, n: r.n, q: r.q })));
  }

  /** Totals from the hourly rollup; equal to rawTotals when the pipeline counted every record once. */
  async rollupTotals(): Promise<{ records: string; quantity: string; byTenantSku: Record<string, string> }> {
    const rows = await (
      await this.client.query({
        query: `SELECT tenant_id, sku, toString(sum(records)) AS n, toString(sum(quantity)) AS q
                FROM ${this.database}.usage_hourly GROUP BY tenant_id, sku`,
        format: 'JSONEachRow',
      })
    ).json<{ tenant_id: string; sku: string; n: string; q: string }>();
    return summarise(rows.map((r) => ({ key: `${r.tenant_id}|${r.sku}`, n: r.n, q: r.q })));
  }
}

function summarise(rows: { key: string; n: string; q: string }[]) {
  let records = 0n;
  let micros = 0n;
  const byTenantSku: Record<string, string> = {};
  for (const r of rows) {
    records += BigInt(r.n);
    micros += toMicros(r.q);
    byTenantSku[r.key] = fromMicros(toMicros(r.q));
  }
  return { records: records.toString(), quantity: fromMicros(micros), byTenantSku };
}
