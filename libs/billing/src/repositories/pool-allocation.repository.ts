import { Injectable } from '@nestjs/common';
import { BillingPgPool } from './billing-pg.pool';

export interface StoredPoolPass {
  readonly tenantIds: ReadonlySet<string>;
  /** `${programmeId}|${year}|${tenantId}` → 2-dp amount. */
  readonly amounts: ReadonlyMap<string, string>;
}

export const allocationKey = (programmeId: string, year: number, tenantId: string): string =>
  `${programmeId}|${year}|${tenantId}`;

/** The pool pass of a close run: written once (the first writer wins), read by every job of the run. */
@Injectable()
export class PoolAllocationRepository {
  constructor(private readonly pg: BillingPgPool) {}

  // Two reads, not a join: the run's tenant list (10,000 ids in a big close) on every allocation row made the read
  // quadratic (seconds at 2,000 tenants).
  async find(closeRun: string): Promise<StoredPoolPass | null> {
    const [run] = await this.pg.query<{ tenant_ids: string[] }>(
      `SELECT tenant_ids FROM pool_allocation_runs WHERE close_run = $1`,
      [closeRun],
    );
    if (!run) return null;
    const rows = await this.pg.query<{ programme_id: string; year: number; tenant_id: string; amount: string }>(
      `SELECT programme_id, year, tenant_id, amount::text AS amount FROM pool_allocations WHERE close_run = $1`,
      [closeRun],
    );
    const amounts = new Map(rows.map((r) => [allocationKey(r.programme_id, Number(r.year), r.tenant_id), r.amount]));
    return { tenantIds: new Set(run.tenant_ids), amounts };
  }

  /** Stores the pass unless another job stored one first; either way returns the stored one. */
  async saveOnce(input: {
    closeRun: string;
    parkId: string;
    periodId: string;
    tenantIds: readonly string[];
    allocations: readonly { programmeId: string; year: number; tenantId: string; amount: string }[];
  }): Promise<StoredPoolPass> {
    const a = input.allocations;
    const inserted = await this.pg.transaction(async (c) => {
      const { rowCount } = await c.query(
        `INSERT INTO pool_allocation_runs (close_run, park_id, period_id, tenant_ids)
         VALUES ($1, $2, $3, $4::text[]) ON CONFLICT DO NOTHING`,
        [input.closeRun, input.parkId, input.periodId, input.tenantIds],
      );
      if (rowCount !== 1) return false;
      await c.query(
        `INSERT INTO pool_allocations (close_run, programme_id, year, tenant_id, amount)
         SELECT $1, p, y, t, m FROM unnest($2::text[], $3::int[], $4::text[], $5::numeric[]) AS u(p, y, t, m)`,
        [input.closeRun, ...(['programmeId', 'year', 'tenantId', 'amount'] as const).map((k) => a.map((x) => x[k]))],
      );
      return true;
    });
    if (inserted) {
      const amounts = new Map(a.map((x) => [allocationKey(x.programmeId, x.year, x.tenantId), x.amount]));
      return { tenantIds: new Set(input.tenantIds), amounts };
    }
    const stored = await this.find(input.closeRun);
    if (!stored) throw new Error(`pool pass of close run ${input.closeRun} vanished`);
    return stored;
  }
}
