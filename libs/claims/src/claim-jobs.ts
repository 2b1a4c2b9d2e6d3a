import { Injectable } from '@nestjs/common';
import { periodBounds } from '@park/billing-domain';
import { ClickHouseService } from '@park/clickhouse';
import { Decimal } from '@park/money';
import { ClaimUsageQueries, type TimeWindow } from '@park/usage-pipeline';
import { ClaimSourcesRepository } from './claim-sources.repository';

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
  clusters: readonly string[];
}

/**
 * Per-job quantities from the raw records (FINAL: de-duplicated), sliced into the hours of each line's usage period
 * and, as rating splits them, of its contract's term: a contract's line takes the hours the contract is in force, a
 * line under no contract the hours no contract of the tenant covers. So two contracts billed on one statement each
 * see their own jobs.
 */
@Injectable()
export class ClaimJobs {
  private readonly usage: ClaimUsageQueries;

  constructor(
    private readonly sources: ClaimSourcesRepository,
    ch: ClickHouseService,
  ) {
    this.usage = new ClaimUsageQueries(ch.client, ch.database);
  }

  async quantities(lines: readonly JobLine[]): Promise<JobQuantity[]> {
    const keys = [
      ...new Map(lines.map((l) => [`${l.tenantId}\u0000${l.usagePeriodId}\u0000${l.contractId ?? ''}`, l])).values(),
    ];
    const contracts = await this.sources.contractsOf([...new Set(keys.map((k) => k.tenantId))]);
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
      const within: TimeWindow =
        k.contractId === null ? { from: start.getTime(), to: end.getTime() } : (terms[0] ?? { from: 0, to: 0 });
      if (within.from >= within.to) continue;
      const rows = await this.usage.jobQuantities({
        tenantId: k.tenantId,
        period: { from: start.getTime(), to: end.getTime() },
        within,
        outside: k.contractId === null ? terms : [],
      });
      for (const r of rows) {
        out.push({
          tenantId: k.tenantId,
          periodId: k.usagePeriodId,
          contractId: k.contractId,
          sku: r.sku,
          jobType: r.jobType,
          jobId: r.jobId,
          quantityBase: new Decimal(r.quantity).toFixed(6),
          clusters: r.clusters,
        });
      }
    }
    return out;
  }
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
