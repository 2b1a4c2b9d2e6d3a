import { auditAppendCtes, type AuditChange } from '@park/audit-store';
import type { PreparedClient } from './billing-pg.pool';
import type { IssueLine, IssuePlan } from '../services/issue-plan.types';
import type { SqlFragment } from '../ledger/ledger.repository';
import { periodClosedNoticeCte, statementIssuedNoticeCte, statementIssuedPayload } from '@park/notifications';
import { TASK_DONE } from '../close/close-task.repository';
import { countIssuedStatementCte } from './period.repository';

export interface IssueWrite {
  readonly tenantId: string;
  readonly parkId: string;
  readonly periodId: string;
  readonly statementId: string;
  readonly plan: IssuePlan;
  /** A period close's job: its task's round, marked done in this statement (null: not a close). */
  readonly closeTaskRound: number | null;
}

/**
 * The tenant's own rows in one statement (data-modifying CTEs): lines, the ledger's redemption transaction and its
 * postings (`ledger`: the CTEs `txn` and `postings` from LedgerRepository), deductions, the tenant's counters,
 * billed quantities, the frozen statement (paid from its issue when it asks for nothing), the charges it bills (a
 * credit split here billed at the part applied), the pending rest of each split credit, `statement.issued` in the
 * outbox and, for a close job, its task marked done.
 */
export async function writeOwnRows(c: PreparedClient, input: IssueWrite, ledger: SqlFragment): Promise<void> {
  const { tenantId, statementId, plan } = input;
  const own = plan.counterDeltas.filter((x) => x.tenantId !== '');
  const b = plan.billedUsage;
  const t = plan.totals;
  const params = [
    tenantId,
    statementId,
    JSON.stringify(plan.lines.map((l) => lineRecord(statementId, tenantId, l))),
    plan.number,
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
    plan.charges.billed.map((x) => x.chargeId),
    plan.tax.totalExclTax,
    plan.tax.totalTax,
    plan.tax.totalInclTax,
    plan.tax.invoiceable,
    plan.charges.billed.map((x) => x.amount),
    JSON.stringify(plan.charges.carried),
    plan.status,
    input.parkId,
    input.periodId,
    input.closeTaskRound,
    statementIssuedPayload({ ...input, ...plan }),
  ];
  await c.query(
    `WITH
       lines AS (INSERT INTO statement_lines SELECT * FROM jsonb_populate_recordset(NULL::statement_lines, $3::jsonb)),
       ${ledger.sql},
       deds AS (INSERT INTO deductions (id, statement_id, tenant_id, line_id, grant_id, programme_id, mechanism,
                                        usage_year, amount, explanation, ledger_transaction_id)
                SELECT d->>'id', $2::uuid, $1, d->>'lineId', d->>'grantId', d->>'programmeId', d->>'mechanism',
                       (d->>'usageYear')::int, (d->>'amount')::numeric, d->'explanation', txn.id
                FROM txn, jsonb_array_elements($5::jsonb) AS d),
       own AS (INSERT INTO voucher_counters (programme_id, tenant_id, year, used)
               SELECT p, $1, y, a FROM unnest($6::text[], $7::int[], $8::numeric[]) AS u(p, y, a)
               ON CONFLICT (programme_id, tenant_id, year) DO UPDATE SET used = voucher_counters.used + EXCLUDED.used),
       billed AS (INSERT INTO billed_usage (tenant_id, usage_period_id, sku, job_type, statement_id, quantity_base)
                  SELECT $1, p, s, j, $2::uuid, q
                  FROM unnest($9::text[], $10::text[], $11::text[], $12::numeric[]) AS u(p, s, j, q)),
       stmt AS (UPDATE statements SET status = $29::"StatementStatus", number = $4, as_of = $13, issued_at = now(),
                       paid_at = CASE WHEN $29 = 'paid' THEN now() END, updated_at = now(),
                       view = $14::jsonb, gross = $15, usage_amount = $16, adjustment_amount = $17, deductions = $18,
                       reimbursable = $19, net_payable = $20, charges_amount = $21,
                       total_excl_tax = $23, total_tax = $24, total_incl_tax = $25, invoiceable = $26
                WHERE id = $2::uuid),
       charged AS (UPDATE tenant_charges t SET status = 'billed', statement_id = $2::uuid, billed_at = now(),
                          amount = b.amount
                   FROM unnest($22::text[], $27::numeric[]) AS b(id, amount)
                   WHERE t.tenant_id = $1 AND t.status = 'pending' AND t.id = b.id),
       carried AS (INSERT INTO tenant_charges (id, tenant_id, kind, programme_id, grant_id, source_id, amount, reason)
                   SELECT c->>'id', $1, c->>'kind', c->>'programmeId', c->>'grantId', c->>'sourceId',
                          (c->>'amount')::numeric, c->>'reason'
                   FROM jsonb_array_elements($28::jsonb) AS c),
       task AS (UPDATE period_close_tasks SET ${TASK_DONE}
                WHERE park_id = $30 AND period_id = $31 AND tenant_id = $1 AND round = $32::int),
       ${statementIssuedNoticeCte({ payload: 33, tenant: 1 })}
       SELECT 1`,
    [...params, ...ledger.params],
  );
}

/** Where the ledger fragment's parameters start in `writeOwnRows`' statement (after its own 33). */
export const OWN_ROWS_LEDGER_FIRST_PARAM = 34;

/** SQLSTATE of `pool_room_guard`: another issue took a pool's room since this one read it. */
export const POOL_ROOM_TAKEN = 'PK001';

/**
 * The rows shared with other issues, locked in one order (pools sorted, then the park-period, then the audit head),
 * each step pulling the one before: the guarded pool update fails the statement (`pool_room_guard`, SQLSTATE
 * POOL_ROOM_TAKEN) when fewer pools had room than asked (another issue took it), the period counts the statement
 * (and writes `period.closed` when it was the closing period's last), and the issue's audit event (`audit`:
 * auditAppendCtes after `period`) goes in last. One statement that needs no answer, with the COMMIT sent behind it
 * (PreparedClient.queryThenCommit): these locks are held until the commit, so the fewer round trips after them the
 * more issues commit per second.
 */
export async function writeSharedRowsAndCommit(
  c: PreparedClient,
  input: IssueWrite,
  audit: AuditChange,
): Promise<void> {
  const pools = input.plan.counterDeltas.filter((x) => x.tenantId === '');
  const event = auditAppendCtes(audit, { firstParam: 8, after: 'period' });
  await c.queryThenCommit(
    `WITH
       locked AS (SELECT programme_id, year FROM voucher_counters
                  WHERE programme_id = ANY($1::text[]) AND tenant_id = '' AND year = ANY($2::int[])
                  ORDER BY programme_id, year FOR UPDATE),
       pool AS (UPDATE voucher_counters v SET used = v.used + u.a
                FROM (SELECT count(*) FROM locked) AS l,
                     unnest($1::text[], $2::int[], $3::numeric[], $4::numeric[]) AS u(p, y, a, b)
                WHERE v.programme_id = u.p AND v.tenant_id = '' AND v.year = u.y
                  AND (u.b IS NULL OR v.used + u.a <= u.b)
                RETURNING 1),
       n AS (SELECT pool_room_guard($7, count(*)::int) AS pools FROM pool),
       ${countIssuedStatementCte({ park: 5, period: 6, after: 'n' })},
       ${periodClosedNoticeCte({ period: 'period' })},
       ${event.sql}
       SELECT 1`,
    [
      pools.map((x) => x.programmeId),
      pools.map((x) => x.year),
      pools.map((x) => x.amount),
      pools.map((x) => x.budget),
      input.parkId,
      input.periodId,
      pools.length,
      ...event.params,
    ],
  );
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
    vat_rate: l.vatRate,
    tax_inclusive: l.taxInclusive,
    amount_excl_tax: l.amountExclTax,
    tax: l.tax,
    amount_incl_tax: l.amountInclTax,
    invoiceable_incl_tax: l.invoiceableInclTax,
  };
}
