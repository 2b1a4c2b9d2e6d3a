import { Injectable } from '@nestjs/common';
import { ledgerAccount } from '../ledger/ledger.accounts';
import type { LockedGrant } from '../services/issue-plan.types';
import { BillingPgPool } from './billing-pg.pool';

export interface CounterRow {
  readonly programmeId: string;
  /** '' for a pool. */
  readonly tenantId: string;
  /** 0 for a cumulative counter. */
  readonly year: number;
  readonly used: string;
}

/** What the pool pass needs of every pooled tenant of a close. */
export interface PoolPassState {
  readonly grantsByTenant: ReadonlyMap<string, readonly LockedGrant[]>;
  /** grant id → balance (absent: no posting yet). */
  readonly balances: ReadonlyMap<string, string>;
  /** The tenants' own counters and the pools of their programmes. */
  readonly counters: readonly CounterRow[];
}

/**
 * The pool pass's reads, three queries for the whole close instead of three per tenant (the pass reads every pooled
 * tenant of the park before the first statement is issued; per-tenant reads made it the close's slowest step).
 * The same columns as the issuing transaction reads under lock (`StatementIssueRepository`).
 */
@Injectable()
export class PoolPassReads {
  constructor(private readonly pg: BillingPgPool) {}

  async stateOf(tenantIds: readonly string[]): Promise<PoolPassState> {
    const grants = await this.pg.query<LockedGrant>(
      `SELECT id, programme_id AS "programmeId", tenant_id AS "tenantId", contract_id AS "contractId",
              face_value::text AS "faceValue", valid_from AS "validFrom", valid_to AS "validTo", status::text AS status
         FROM grants WHERE tenant_id = ANY($1::text[]) ORDER BY tenant_id, id`,
      [tenantIds],
    );
    const grantsByTenant = new Map<string, LockedGrant[]>();
    for (const g of grants) grantsByTenant.set(g.tenantId, [...(grantsByTenant.get(g.tenantId) ?? []), g]);
    const programmeIds = [...new Set(grants.map((g) => g.programmeId))];
    const [balances, counters] = await Promise.all([
      this.pg.query<{ account_id: string; balance: string }>(
        `SELECT account_id, SUM(amount)::text AS balance FROM ledger_postings
          WHERE account_id = ANY($1::text[]) GROUP BY account_id`,
        [grants.map((g) => ledgerAccount.grant(g.id))],
      ),
      this.pg.query<CounterRow>(
        `SELECT programme_id AS "programmeId", tenant_id AS "tenantId", year, used::text AS used FROM voucher_counters
          WHERE programme_id = ANY($1::text[]) AND (tenant_id = '' OR tenant_id = ANY($2::text[]))`,
        [programmeIds, tenantIds],
      ),
    ]);
    return {
      grantsByTenant,
      balances: new Map(balances.map((r) => [r.account_id.slice(ledgerAccount.grant('').length), r.balance])),
      counters,
    };
  }
}
