import type { PrismaClient } from '@prisma/client';
import { periodBounds } from '@park/billing-domain';
import type { ClickHouseService } from '@park/clickhouse';
import { Decimal } from '@park/money';

/** A statement line as the job level needs it: whose, which month, what, and under which contract. */
export interface JobLine {
  readonly tenantId: string;
  readonly usagePeriodId: string;
  readonly sku: string | null;
  readonly jobType: string | null;
  readonly contractId: string | null;
}

export interface JobQuantity {
  tenantId: string;
  periodId: string;
  contractId: string | null;
  sku: string;
  jobType: string;
  jobId: string;
  quantityBase: string;
}

interface Window {
  readonly from: number;
  readonly to: number;
}

/**
 * Per-job quantities from the raw records (FINAL: de-duplicated), sliced into the hours of each line's usage period
 * and, as rating splits them, of its contract's term: a contract's line takes the hours the contract is in force, a
 * line under no contract the hours no contract of the tenant covers. So two contracts billed on one statement each
 * see their own jobs.
 */
export async function jobQuantities(
  db: PrismaClient,
  ch: ClickHouseService,
  lines: readonly JobLine[],
): Promise<JobQuantity[]> {
  const keys = [
    ...new Map(lines.map((l) => [`${l.tenantId}\u0000${l.usagePeriodId}\u0000${l.contractId ?? ''}`, l])).values(),
  ];
  const contracts = await db.contract.findMany({
    where: { tenantId: { in: [...new Set(keys.map((k) => k.tenantId))] } },
  });
  const out: JobQuantity[] = [];
  for (const k of keys) {
    const { start, end } = periodBounds(k.usagePeriodId);
    const terms = contracts
      .filter((c) => c.tenantId === k.tenantId && (k.contractId === null || c.id === k.contractId))
      .map((c) => ({
        from: Math.max(start.getTime(), c.effectiveFrom.getTime()),
        to: Math.min(end.getTime(), c.effectiveTo?.getTime() ?? Infinity),
      }))
      .filter((w) => w.from < w.to);
    const within: Window =
      k.contractId === null ? { from: start.getTime(), to: end.getTime() } : (terms[0] ?? { from: 0, to: 0 });
    if (within.from >= within.to) continue;
    const outside = k.contractId === null ? terms : [];
    const result = await ch.client.query({
      query: `SELECT sku, job_type, job_id, toString(sum(slice.2)) AS quantity
              FROM ${ch.database}.usage_records FINAL
              ARRAY JOIN arrayZip(slice_hours, slice_quantities) AS slice
              WHERE tenant_id = {tenant:String}
                AND started_at >= toDateTime64({start:Int64} / 1000 - 32 * 86400, 3, 'UTC')
                AND started_at < toDateTime64({end:Int64} / 1000, 3, 'UTC')
                AND slice.1 >= toDateTime({from:Int64} / 1000, 'UTC') AND slice.1 < toDateTime({to:Int64} / 1000, 'UTC')
                AND NOT arrayExists((f, t) -> slice.1 >= toDateTime(f, 'UTC') AND slice.1 < toDateTime(t, 'UTC'),
                                    {outFrom:Array(Int64)}, {outTo:Array(Int64)})
              GROUP BY sku, job_type, job_id ORDER BY sku, job_type, job_id`,
      query_params: {
        tenant: k.tenantId,
        start: start.getTime(),
        end: end.getTime(),
        from: within.from,
        to: within.to,
        outFrom: outside.map((w) => Math.floor(w.from / 1000)),
        outTo: outside.map((w) => Math.floor(w.to / 1000)),
      },
      format: 'JSONEachRow',
    });
    for (const r of await result.json<{ sku: string; job_type: string; job_id: string; quantity: string }>()) {
      out.push({
        tenantId: k.tenantId,
        periodId: k.usagePeriodId,
        contractId: k.contractId,
        sku: r.sku,
        jobType: r.job_type,
        jobId: r.job_id,
        quantityBase: new Decimal(r.quantity).toFixed(6),
      });
    }
  }
  return out;
}

/** The jobs behind one statement line. */
export function jobsOf(jobs: readonly JobQuantity[], l: JobLine): JobQuantity[] {
  return jobs.filter(
    (j) =>
      j.tenantId === l.tenantId &&
      j.periodId === l.usagePeriodId &&
      j.contractId === l.contractId &&
      j.sku === l.sku &&
      j.jobType === l.jobType,
  );
}
