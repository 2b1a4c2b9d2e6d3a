import { Injectable } from '@nestjs/common';
import { BillingPgPool } from './billing-pg.pool';

export interface StoredPoolPass {
  readonly tenantIds: readonly string[];
  /** `${programmeId}|${year}|${tenantId}` → 2-dp amount. */
  readonly amounts: ReadonlyMap<string, string>;
}

export const allocationKey = (programmeId: string, year: number, tenantId: string): string =>
  `${programmeId}|${year}|${tenantId}`;

interface PassRow {
  tenant_ids: string[];
  programme_id: string | null;
  year: number | null;
  tenant_id: string | null;
  amount: string | null;
}

/** The pool pass of a close run: written once (the first writer wins), read by every job of the run. */
@Injectable()
export class PoolAllocationRepository {
  constructor(private readonly pg: BillingPgPool) {}

  async find(closeRun: string): Promise<StoredPoolPass | null> {
    const rows = await this.pg.query<PassRow>(
      `SELECT r.tenant_ids, a.programme_id, a.year, a.tenant_id, a.amount::text AS amount
       FROM pool_allocation_runs r LEFT JOIN pool_allocations a ON a.close_run = r.close_run WHERE r.close_run = $1`,
      [closeRun],
    );
    if (rows.length === 0) return null;
    const amounts = new Map<string, string>();
    for (const r of rows) {
      if (r.programme_id === null || r.tenant_id === null || r.amount === null) continue;
      amounts.set(allocationKey(r.programme_id, Number(r.year), r.tenant_id), r.amount);
    }
    return { tenantIds: rows[0].tenant_ids, amounts };
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
    await this.pg.transaction(async (c) => {
      const { rowCount } = await c.query(
        `INSERT INTO pool_allocation_runs (close_run, park_id, period_id, tenant_ids)
         VALUES ($1, $2, $3, $4::text[]) ON CONFLICT DO NOTHING`,
        [input.closeRun, input.parkId, input.periodId, input.tenantIds],
      );
      if (rowCount !== 1) return;
      await c.query(
        `INSERT INTO pool_allocations (close_run, programme_id, year, tenant_id, amount)
         SELECT $1, p, y, t, m FROM unnest($2::text[], $3::int[], $4::text[], $5::numeric[]) AS u(p, y, t, m)`,
        [input.closeRun, ...(['programmeId', 'year', 'tenantId', 'amount'] as const).map((k) => a.map((x) => x[k]))],
      );
    });
    const stored = await this.find(input.closeRun);
    if (!stored) throw new Error(`pool pass of close run ${input.closeRun} vanished`);
    return stored;
  }
}
