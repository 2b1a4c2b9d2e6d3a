import type { ClickHouseClient } from '@clickhouse/client';
import { SLICE_LOOKBACK_MS } from './record-span';

/** Milliseconds since the epoch, [from, to). */
export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

export interface JobQuantityQuery {
  readonly tenantId: string;
  /** The usage period's bounds: records that started in it (or up to 32 days before, a record's longest span). */
  readonly period: TimeWindow;
  /** The hours counted: slices inside this window … */
  readonly within: TimeWindow;
  /** … and inside none of these (another contract's term). */
  readonly outside: readonly TimeWindow[];
}

export interface JobQuantityRow {
  readonly sku: string;
  readonly jobType: string;
  readonly jobId: string;
  /** Base units, a decimal string as ClickHouse sums it. */
  readonly quantity: string;
  /** The clusters whose records these are, sorted (the delivery certificate names them). */
  readonly clusters: readonly string[];
}

/** Records start at most this long before a slice they carry (the record span validation allows, plus a day). */
const LONGEST_RECORD_SECONDS = SLICE_LOOKBACK_MS / 1000;

/**
 * The reads claims make of ClickHouse: per-job quantities from the raw records (FINAL: de-duplicated), for the
 * evidence pack's `usage-by-job.csv` and the drill-down's job level.
 */
export class ClaimUsageQueries {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  /** A tenant's quantities per SKU × job type × job, of the slices whose hour lies in the windows asked. */
  async jobQuantities(q: JobQuantityQuery): Promise<JobQuantityRow[]> {
    const result = await this.client.query({
      query: `SELECT sku, job_type, job_id, toString(sum(slice.2)) AS quantity,
                     arraySort(groupUniqArray(cluster_id)) AS clusters
              FROM ${this.database}.usage_records FINAL
              ARRAY JOIN arrayZip(slice_hours, slice_quantities) AS slice
              WHERE tenant_id = {tenant:String}
                AND started_at >= toDateTime64({start:Int64} / 1000 - ${LONGEST_RECORD_SECONDS}, 3, 'UTC')
                AND started_at < toDateTime64({end:Int64} / 1000, 3, 'UTC')
                AND slice.1 >= toDateTime({from:Int64} / 1000, 'UTC') AND slice.1 < toDateTime({to:Int64} / 1000, 'UTC')
                AND NOT arrayExists((f, t) -> slice.1 >= toDateTime(f, 'UTC') AND slice.1 < toDateTime(t, 'UTC'),
                                    {outFrom:Array(Int64)}, {outTo:Array(Int64)})
              GROUP BY sku, job_type, job_id ORDER BY sku, job_type, job_id`,
      query_params: {
        tenant: q.tenantId,
        start: q.period.from,
        end: q.period.to,
        from: q.within.from,
        to: q.within.to,
        outFrom: q.outside.map((w) => Math.floor(w.from / 1000)),
        outTo: q.outside.map((w) => Math.floor(w.to / 1000)),
      },
      format: 'JSONEachRow',
    });
    type Row = { sku: string; job_type: string; job_id: string; quantity: string; clusters: string[] };
    const rows = await result.json<Row>();
    return rows.map((r) => ({
      sku: r.sku,
      jobType: r.job_type,
      jobId: r.job_id,
      quantity: r.quantity,
      clusters: r.clusters,
    }));
  }
}
