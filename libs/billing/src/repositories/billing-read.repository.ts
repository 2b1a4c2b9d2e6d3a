import { Injectable } from '@nestjs/common';
import { BillingPgPool } from './billing-pg.pool';

export interface BillingTenant {
  readonly id: string;
  readonly parkId: string;
  readonly flags: readonly string[];
  readonly priceBookId: string | null;
}

export interface ContractTerms {
  readonly id: string;
  readonly tenantId: string;
  readonly effectiveFrom: Date;
  readonly effectiveTo: Date | null;
  readonly discountPercent: string;
  readonly overrides: unknown;
  readonly committedMonthlySpend: string | null;
}

/** Everything an issue reads before its transaction, in one round trip. */
export interface IssueContextRow {
  readonly tenant: BillingTenant;
  readonly contracts: readonly ContractTerms[];
  readonly statement: { id: string; status: string } | null;
  /** Closed periods of the tenant's park in [oldest, periodId). */
  readonly closedBefore: readonly string[];
  /** The park rules' version (`park_rules_version`) read before the rules: see BillingContextLoader. */
  readonly rulesVersion: string | null;
}

/** The reads a statement issue needs, on the plain pool (see BillingPgPool). Tenant-scoped reads take tenantId. */
@Injectable()
export class BillingReadRepository {
  constructor(private readonly pg: BillingPgPool) {}

  async issueContext(tenantId: string, periodId: string, oldest: string): Promise<IssueContextRow | null> {
    return (await this.issueContexts([tenantId], periodId, oldest)).get(tenantId) ?? null;
  }

  /** issueContext of many tenants in one round trip (the pool pass of a close rates every pooled tenant). */
  async issueContexts(
    tenantIds: readonly string[],
    periodId: string,
    oldest: string,
  ): Promise<Map<string, IssueContextRow>> {
    const rows = await this.pg.query<{
      id: string;
      park_id: string;
      flags: string[];
      price_book_id: string | null;
      statement: { id: string; status: string } | null;
      contracts: (Omit<ContractTerms, 'effectiveFrom' | 'effectiveTo'> & {
        effectiveFrom: string;
        effectiveTo: string | null;
      })[];
      closed: string[];
      rules_version: string | null;
    }>(
      `SELECT t.id, t.park_id, t.flags, t.price_book_id,
              (SELECT json_build_object('id', s.id::text, 'status', s.status::text) FROM statements s WHERE s.tenant_id
                = t.id AND s.period_id = $2) AS statement,
              COALESCE((SELECT json_agg(json_build_object('id', c.id, 'tenantId', c.tenant_id, 'effectiveFrom',
                to_char(c.effective_from, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                        'effectiveTo', to_char(c.effective_to, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'discountPercent',
                          c.discount_percent::text, 'overrides', c.overrides,
                        'committedMonthlySpend', c.committed_monthly_spend::text) ORDER BY c.effective_from) FROM
                          contracts c WHERE c.tenant_id = t.id), '[]'::json) AS contracts,
              ARRAY(SELECT p.id::text FROM billing_periods p WHERE p.park_id = t.park_id AND p.status = 'closed' AND
                p.id < $2 AND p.id >= $3 ORDER BY p.id) AS closed,
              (SELECT v.version::text FROM park_rules_version v WHERE v.id = 1) AS rules_version
       FROM tenants t WHERE t.id = ANY($1::text[])`,
      [tenantIds, periodId, oldest],
    );
    const contextOf = (row: (typeof rows)[number]): IssueContextRow => ({
      tenant: { id: row.id, parkId: row.park_id, flags: row.flags, priceBookId: row.price_book_id },
      statement: row.statement,
      contracts: row.contracts.map((c) => ({
        ...c,
        effectiveFrom: new Date(c.effectiveFrom),
        effectiveTo: c.effectiveTo ? new Date(c.effectiveTo) : null,
      })),
      closedBefore: row.closed,
      rulesVersion: row.rules_version,
    });
    return new Map(rows.map((row) => [row.id, contextOf(row)]));
  }

  /** The park rules' version, bumped by triggers on every table the rules are loaded from (null: no row). */
  async rulesVersion(): Promise<string | null> {
    const [row] = await this.pg.query<{ version: string }>(
      `SELECT version::text AS version FROM park_rules_version WHERE id = 1`,
      [],
    );
    return row?.version ?? null;
  }

  async tenant(tenantId: string): Promise<BillingTenant | null> {
    const [row] = await this.pg.query<BillingTenant>(
      `SELECT id, park_id AS "parkId", flags, price_book_id AS "priceBookId" FROM tenants WHERE id = $1`,
      [tenantId],
    );
    return row ?? null;
  }

  contracts(tenantId: string): Promise<ContractTerms[]> {
    return this.pg.query<ContractTerms>(
      `SELECT id, tenant_id AS "tenantId", effective_from AS "effectiveFrom", effective_to AS "effectiveTo",
        discount_percent::text AS "discountPercent",
              overrides, committed_monthly_spend::text AS "committedMonthlySpend"
       FROM contracts WHERE tenant_id = $1 ORDER BY effective_from`,
      [tenantId],
    );
  }

  async closedPeriodsBefore(parkId: string, periodId: string, oldest: string): Promise<string[]> {
    const rows = await this.pg.query<{ id: string }>(
      `SELECT id FROM billing_periods WHERE park_id = $1 AND status = 'closed' AND id < $2 AND id >= $3 ORDER BY id`,
      [parkId, periodId, oldest],
    );
    return rows.map((r) => r.id);
  }
}
