import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { appendAuditEvent, pgAuditSql, type AuditActor } from '@park/audit-store';
import { notifyStatementIssued } from '@park/notifications';
import { PeriodClosed } from '../errors/billing.errors';
import { BillingPgPool } from './billing-pg.pool';
import { ledgerAccount } from './ledger.accounts';

/** A grant as the issuing transaction locks and reads it. */
export interface LockedGrant {
  readonly id: string;
  readonly programmeId: string;
  readonly tenantId: string;
  readonly contractId: string | null;
  readonly faceValue: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly status: string;
}

/** What the issuing transaction read under lock, handed to the domain to compute the statement. */
export interface LockedState {
  readonly statementId: string;
  readonly grants: readonly LockedGrant[];
  /** Grant id → balance (sum of its ledger account's postings). */
  readonly balances: ReadonlyMap<string, string>;
  /** Voucher counters: tenantId '' = the programme's pool, year 0 = cumulative. */
  readonly counters: readonly { programmeId: string; tenantId: string; year: number; used: string }[];
  /** The tenant's pending charges (rejected claim amounts, clawbacks), locked: this statement bills them. */
  readonly charges: readonly PendingCharge[];
}

/** A charge billed back to the tenant, as read for a statement. */
export interface PendingCharge {
  readonly id: string;
  readonly kind: 'claim_rejected' | 'clawback';
  readonly programmeId: string;
  readonly grantId: string | null;
  readonly reason: string;
  readonly amount: string;
}

export interface IssueLine {
  lineId: string;
  kind: string;
  isAdjustment: boolean;
  usagePeriodId: string;
  contractId: string | null;
  sku: string | null;
  resourceClass: string | null;
  chipFamily: string | null;
  domesticChip: boolean;
  jobType: string | null;
  quantityBase: string;
  quantity: string;
  billingUnit: string | null;
  unitPrice: string;
  priceModel: string;
  priceSource: string;
  discountPercent: string;
  priceBookId: string | null;
  priceBookVersion: number | null;
  rounding: string;
  unroundedAmount: string;
  amount: string;
  onBillDeductions: string;
  reimbursable: string;
  net: string;
}

/** Everything the issue writes, computed from LockedState. */
export interface IssuePlan {
  readonly number: string;
  readonly asOf: string;
  readonly totals: {
    gross: string;
    usage: string;
    adjustments: string;
    deductions: string;
    reimbursable: string;
    charges: string;
    netPayable: string;
  };
  readonly view: unknown;
  readonly lines: readonly IssueLine[];
  readonly deductions: readonly {
    id: string;
    lineId: string;
    grantId: string;
    programmeId: string;
    mechanism: string;
    usageYear: number;
    amount: string;
    explanation: unknown;
  }[];
  /** One ledger redemption per grant × usage year. */
  readonly redemptions: readonly { grantId: string; programmeId: string; usageYear: number; amount: string }[];
  /** Added to voucher_counters (tenant-year, tenant cumulative as year 0, pool as tenant '' with its budget). */
  readonly counterDeltas: readonly {
    programmeId: string;
    tenantId: string;
    year: number;
    amount: string;
    budget: string | null;
  }[];
  readonly billedUsage: readonly { usagePeriodId: string; sku: string; jobType: string; quantityBase: string }[];
  /** The pending charges this statement bills (all of LockedState.charges). */
  readonly chargeIds: readonly string[];
}

export interface IssueOutcome {
  readonly statementId: string;
  readonly newlyIssued: boolean;
}

export interface IssueInput {
  readonly tenantId: string;
  readonly parkId: string;
  readonly periodId: string;
  readonly years: readonly number[];
  readonly plan: (state: LockedState) => IssuePlan;
  /** Who issues (recorded in the audit log); SYSTEM_ACTOR when absent. */
  readonly actor?: AuditActor;
}

/** Another issue took a pool's room between our read and our update: run again with the pool rows locked. */
class PoolContention extends Error {
  override readonly name = 'PoolContention';
  constructor(asked: number, updated: number) {
    super(`${asked - updated} of ${asked} voucher pools had no room left for this statement's deductions`);
  }
}

/**
 * The issuing transaction: one PostgreSQL transaction that locks the statement row (so issuing twice issues once,
 * whatever the concurrency), then the tenant's grants (so its balances and caps are read consistently), reads
 * balances and counters, lets the caller compute, and writes lines, deductions, ledger postings, counters and the
 * frozen statement together. Locks are taken in one order (statement, grants, pools sorted), so no deadlock.
 *
 * Pools are shared across tenants: optimistic first. The pool update, last but one before commit, is guarded
 * (`used + delta ≤ budget`); if another tenant took the room since our read, everything rolls back and runs again
 * with the pool rows locked before they are read. A pool is never overspent, and in the common case its row is
 * held only from that update to the commit.
 */
@Injectable()
export class StatementIssueRepository {
  private readonly knownPools = new Set<string>();

  constructor(private readonly pg: BillingPgPool) {}

  async issue(input: IssueInput): Promise<IssueOutcome> {
    const created: string[] = [];
    let outcome: IssueOutcome;
    try {
      outcome = await this.pg.transaction((c) => this.issueIn(c, input, false, created));
    } catch (error) {
      if (!(error instanceof PoolContention)) throw error;
      created.length = 0;
      outcome = await this.pg.transaction((c) => this.issueIn(c, input, true, created));
    }
    // Only rows of a committed transaction are known to exist.
    for (const key of created) this.knownPools.add(key);
    return outcome;
  }

  private async issueIn(
    c: PoolClient,
    input: IssueInput,
    lockPools: boolean,
    created: string[],
  ): Promise<IssueOutcome> {
    const { tenantId, parkId, periodId } = input;
    // Creates the draft row if missing and locks it either way: concurrent issues of one tenant-period queue here.
    const {
      rows: [statement],
    } = await c.query<{ id: string; status: string; period_status: string | null }>(
      `INSERT INTO statements (id, tenant_id, period_id, updated_at) VALUES (gen_random_uuid(), $1, $2, now())
       ON CONFLICT (tenant_id, period_id) DO UPDATE SET updated_at = statements.updated_at
       RETURNING id::text, status::text, (SELECT p.status::text FROM billing_periods p WHERE p.park_id = $3 AND p.id =
         $2) AS period_status`,
      [tenantId, periodId, parkId],
    );
    if (statement.status !== 'draft') return { statementId: statement.id, newlyIssued: false };
    if (statement.period_status === 'closed') throw new PeriodClosed(parkId, periodId);

    const { rows: grants } = await c.query<LockedGrant>(
      `SELECT id, programme_id AS "programmeId", tenant_id AS "tenantId", contract_id AS "contractId", face_value::text
        AS "faceValue",
              valid_from AS "validFrom", valid_to AS "validTo", status::text AS status
       FROM grants WHERE tenant_id = $1 ORDER BY id FOR UPDATE`,
      [tenantId],
    );
    const programmeIds = [...new Set(grants.map((g) => g.programmeId))].sort();
    const years = [...new Set(input.years)].sort();
    let counters: LockedState['counters'] = [];
    const balances = new Map<string, string>();
    if (programmeIds.length > 0 && years.length > 0) {
      created.push(...(await this.ensurePoolRows(c, programmeIds, years)));
      if (lockPools) {
        await c.query(
          `SELECT 1 FROM voucher_counters WHERE programme_id = ANY($1::text[]) AND tenant_id = '' AND year = ` +
            `ANY($2::int[]) ORDER BY programme_id, year FOR UPDATE`,
          [programmeIds, years],
        );
      }
      // After the grants' lock (a statement of its own, so its snapshot sees everything committed before the lock).
      const { rows } = await c.query<{
        kind: string;
        id: string;
        tenant_id: string | null;
        year: number | null;
        value: string;
      }>(
        `SELECT 'counter' AS kind, programme_id AS id, tenant_id, year, used::text AS value FROM voucher_counters
          WHERE programme_id = ANY($1::text[]) AND tenant_id IN ('', $2)
         UNION ALL
         SELECT 'balance', account_id, NULL, NULL, SUM(amount)::text FROM ledger_postings WHERE account_id =
           ANY($3::text[]) GROUP BY account_id`,
        [programmeIds, tenantId, grants.map((g) => ledgerAccount.grant(g.id))],
      );
      counters = rows
        .filter((r) => r.kind === 'counter')
        .map((r) => ({ programmeId: r.id, tenantId: r.tenant_id ?? '', year: Number(r.year), used: r.value }));
      for (const r of rows) if (r.kind === 'balance') balances.set(r.id.slice('grant:'.length), r.value);
    }
    // Pending charges, locked: a concurrent issue of another period waits here, then finds them billed.
    const { rows: charges } = await c.query<PendingCharge>(
      `SELECT id, kind, programme_id AS "programmeId", grant_id AS "grantId", reason, amount::text AS amount
       FROM tenant_charges WHERE tenant_id = $1 AND status = 'pending' ORDER BY created_at, id FOR UPDATE`,
      [tenantId],
    );
    const plan = input.plan({ statementId: statement.id, grants, balances, counters, charges });
    const poolRows = await this.write(c, { tenantId, parkId, periodId, statementId: statement.id, plan });
    const asked = plan.counterDeltas.filter((x) => x.tenantId === '').length;
    if (poolRows !== asked) throw new PoolContention(asked, poolRows);
    // Last, in this transaction: the audit event (its head-row lock is held only until the commit).
    await appendAuditEvent(pgAuditSql(c), {
      actor: input.actor,
      action: 'statement.issue',
      entityType: 'statement',
      entityId: statement.id,
      before: { id: statement.id, tenantId, periodId, status: 'draft' },
      after: {
        id: statement.id,
        tenantId,
        periodId,
        status: 'issued',
        number: plan.number,
        asOf: plan.asOf,
        totals: plan.totals,
      },
      payload: { tenantId, periodId, number: plan.number, totals: plan.totals, redemptions: plan.redemptions },
    });
    await notifyStatementIssued(pgAuditSql(c), { statementId: statement.id, tenantId, parkId, periodId, ...plan });
    return { statementId: statement.id, newlyIssued: true };
  }

  /** Pool rows exist before they are read or updated; rows are never deleted, so each is made once per process. */
  private async ensurePoolRows(
    c: PoolClient,
    programmeIds: readonly string[],
    years: readonly number[],
  ): Promise<string[]> {
    const missing = programmeIds
      .flatMap((p) => years.map((y) => [p, y] as const))
      .filter(([p, y]) => !this.knownPools.has(`${p}|${y}`));
    if (missing.length === 0) return [];
    await c.query(
      `INSERT INTO voucher_counters (programme_id, tenant_id, year, used) SELECT p, '', y, 0 FROM ` +
        `unnest($1::text[], $2::int[]) AS t(p, y) ON CONFLICT DO NOTHING`,
      [missing.map((x) => x[0]), missing.map((x) => x[1])],
    );
    return missing.map(([p, y]) => `${p}|${y}`);
  }

  /**
   * The writes in two statements (data-modifying CTEs). First the tenant's own rows: lines, ledger transaction and
   * postings, deductions, the tenant's counters, billed quantities, the frozen statement, the charges it bills. Then
   * the rows shared with
   * other issues: the guarded pool update (how many pools had room comes back: fewer than asked means another
   * issue took it) and the park-period's issued count.
   */
  private async write(
    c: PoolClient,
    input: { tenantId: string; parkId: string; periodId: string; statementId: string; plan: IssuePlan },
  ): Promise<number> {
    const { tenantId, statementId, plan } = input;
    const postings = plan.redemptions.flatMap((r) => [
      [ledgerAccount.grant(r.grantId), `-${r.amount}`, r.programmeId, r.usageYear],
      [ledgerAccount.redeemed(r.programmeId), r.amount, r.programmeId, r.usageYear],
    ]);
    const own = plan.counterDeltas.filter((x) => x.tenantId !== '');
    const pools = plan.counterDeltas.filter((x) => x.tenantId === '');
    const b = plan.billedUsage;
    const t = plan.totals;
    await c.query(
      `WITH
       lines AS (INSERT INTO statement_lines SELECT * FROM jsonb_populate_recordset(NULL::statement_lines, $3::jsonb)),
       txn AS (INSERT INTO ledger_transactions (id, kind, idempotency_key, tenant_id, statement_id, memo)
               SELECT gen_random_uuid(), 'redemption', 'redemption:' || $2::text, $1, $2::uuid, 'statement ' || $4
                 WHERE cardinality($5::text[]) > 0 RETURNING id),
       postings AS (INSERT INTO ledger_postings (transaction_id, account_id, amount, programme_id, tenant_id,
         usage_year)
                    SELECT txn.id, a, m, p, $1, y FROM txn, unnest($5::text[], $6::numeric[], $7::text[], $8::int[]) AS
                      u(a, m, p, y)),
       deds AS (INSERT INTO deductions (id, statement_id, tenant_id, line_id, grant_id, programme_id, mechanism,
         usage_year, amount, explanation, ledger_transaction_id)
                SELECT d->>'id', $2::uuid, $1, d->>'lineId', d->>'grantId', d->>'programmeId', d->>'mechanism',
                  (d->>'usageYear')::int, (d->>'amount')::numeric, d->'explanation', txn.id
                FROM txn, jsonb_array_elements($9::jsonb) AS d),
       own AS (INSERT INTO voucher_counters (programme_id, tenant_id, year, used)
               SELECT p, $1, y, a FROM unnest($10::text[], $11::int[], $12::numeric[]) AS u(p, y, a)
               ON CONFLICT (programme_id, tenant_id, year) DO UPDATE SET used = voucher_counters.used + EXCLUDED.used),
       billed AS (INSERT INTO billed_usage (tenant_id, usage_period_id, sku, job_type, statement_id, quantity_base)
                  SELECT $1, p, s, j, $2::uuid, q FROM unnest($13::text[], $14::text[], $15::text[], $16::numeric[]) AS
                    u(p, s, j, q)),
       stmt AS (UPDATE statements SET status = 'issued', number = $4, as_of = $17, issued_at = now(), updated_at =
         now(), view = $18::jsonb,
                       gross = $19, usage_amount = $20, adjustment_amount = $21, deductions = $22, reimbursable = $23,
                         net_payable = $24, charges_amount = $25
                WHERE id = $2::uuid),
       charged AS (UPDATE tenant_charges SET status = 'billed', statement_id = $2::uuid, billed_at = now()
                   WHERE tenant_id = $1 AND status = 'pending' AND id = ANY($26::text[]))
       SELECT 1`,
      [
        tenantId,
        statementId,
        JSON.stringify(plan.lines.map((l) => lineRecord(statementId, tenantId, l))),
        plan.number,
        postings.map((p) => p[0]),
        postings.map((p) => p[1]),
        postings.map((p) => p[2]),
        postings.map((p) => p[3]),
        JSON.stringify(plan.deductions),
        own.map((x) => x.programmeId),
        own.map((x) => x.year),
        own.map((x) => x.amount),
        b.map((x) => x.usagePeriodId),
        b.map((x) => x.sku),
        b.map((x) => x.jobType),
        b.map((x) => x.quantityBase),
        plan.asOf,
        JSON.stringify(plan.view),
        t.gross,
        t.usage,
        t.adjustments,
        t.deductions,
        t.reimbursable,
        t.netPayable,
        t.charges,
        plan.chargeIds,
      ],
    );
    // Shared rows last, locked in one order (pools sorted, then the park-period), each step pulling the one before:
    // the guarded pool update returns how many pools had room, then the period counts the statement.
    const {
      rows: [result],
    } = await c.query<{ pools: number }>(
      `WITH
       locked AS (SELECT programme_id, year FROM voucher_counters WHERE programme_id = ANY($1::text[]) AND tenant_id =
         '' AND year = ANY($2::int[])
                  ORDER BY programme_id, year FOR UPDATE),
       pool AS (UPDATE voucher_counters v SET used = v.used + u.a FROM (SELECT count(*) FROM locked) AS l,
         unnest($1::text[], $2::int[], $3::numeric[], $4::numeric[]) AS u(p, y, a, b)
                WHERE v.programme_id = u.p AND v.tenant_id = '' AND v.year = u.y AND (u.b IS NULL OR v.used + u.a <=
                  u.b) RETURNING 1),
       n AS (SELECT count(*)::int AS pools FROM pool),
       period AS (INSERT INTO billing_periods (park_id, id, issued_count) SELECT $5, $6, 1 FROM n
                  ON CONFLICT (park_id, id) DO UPDATE SET issued_count = billing_periods.issued_count + 1,
                    status = CASE WHEN billing_periods.status = 'closing' AND billing_periods.issued_count + 1 >=
                      billing_periods.tenant_count THEN 'closed'::"PeriodStatus" ELSE billing_periods.status END,
                    closed_at = CASE WHEN billing_periods.status = 'closing' AND billing_periods.issued_count + 1 >=
                      billing_periods.tenant_count THEN now() ELSE billing_periods.closed_at END)
       SELECT pools FROM n`,
      [
        pools.map((x) => x.programmeId),
        pools.map((x) => x.year),
        pools.map((x) => x.amount),
        pools.map((x) => x.budget),
        input.parkId,
        input.periodId,
      ],
    );
    return result.pools;
  }
}

/** A statement_lines row as JSON keyed by column name (jsonb_populate_recordset). */
function lineRecord(statementId: string, tenantId: string, l: IssueLine): Record<string, unknown> {
  return {
    statement_id: statementId,
    tenant_id: tenantId,
    line_id: l.lineId,
    kind: l.kind,
    is_adjustment: l.isAdjustment,
    usage_period_id: l.usagePeriodId,
    contract_id: l.contractId,
    sku: l.sku,
    resource_class: l.resourceClass,
    chip_family: l.chipFamily,
    domestic_chip: l.domesticChip,
    job_type: l.jobType,
    quantity_base: l.quantityBase,
    quantity: l.quantity,
    billing_unit: l.billingUnit,
    unit_price: l.unitPrice,
    price_model: l.priceModel,
    price_source: l.priceSource,
    discount_percent: l.discountPercent,
    price_book_id: l.priceBookId,
    price_book_version: l.priceBookVersion,
    rounding: l.rounding,
    unrounded_amount: l.unroundedAmount,
    amount: l.amount,
    on_bill_deductions: l.onBillDeductions,
    reimbursable: l.reimbursable,
    net: l.net,
  };
}
