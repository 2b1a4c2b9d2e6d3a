import { Injectable } from '@nestjs/common';
import { pgAuditSql, type AuditChange } from '@park/audit-store';
import { checkGrantAlerts, notifyStatementPaid } from '@park/notifications';
import { PeriodClosed } from '../errors/billing.errors';
import { ledgerAccount } from '../ledger/ledger.accounts';
import { LedgerRepository } from '../ledger/ledger.repository';
import type {
  IssueInput,
  IssueOutcome,
  IssuePlan,
  LockedGrant,
  LockedState,
  PendingCharge,
} from '../services/issue-plan.types';
import { BillingPgPool, type PreparedClient } from './billing-pg.pool';
import {
  OWN_ROWS_LEDGER_FIRST_PARAM,
  POOL_ROOM_TAKEN,
  writeOwnRows,
  writeSharedRowsAndCommit,
  type IssueWrite,
} from './statement-issue.writes';

/** Another issue took a pool's room between our read and our update: run again with the pool rows locked. */
class PoolContention extends Error {
  override readonly name = 'PoolContention';
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/**
 * The issuing transaction: one PostgreSQL transaction that locks the statement row (so issuing twice issues once,
 * whatever the concurrency), then the tenant's grants (so its balances and caps are read consistently), reads
 * balances and counters, lets the caller compute, and writes lines, deductions, ledger postings, counters and the
 * frozen statement together. Locks are taken in one order (statement, grants, pools sorted), so no deadlock.
 *
 * Pools are shared across tenants: optimistic first. The pool update, in the last statement (its COMMIT sent behind
 * it), is guarded (`used + delta ≤ budget`); if another tenant took the room since our read, that statement fails,
 * everything rolls back and runs again with the pool rows locked before they are read. A pool is never overspent,
 * and in the common case its row is held only from that update to the commit.
 */
@Injectable()
export class StatementIssueRepository {
  private readonly knownPools = new Set<string>();

  constructor(
    private readonly pg: BillingPgPool,
    private readonly ledger: LedgerRepository,
  ) {}

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
    c: PreparedClient,
    input: IssueInput,
    lockPools: boolean,
    created: string[],
  ): Promise<IssueOutcome> {
    const { tenantId, parkId, periodId } = input;
    const closeTaskRound = input.closeTaskRound ?? null;
    // Creates the draft row if missing and locks it either way: concurrent issues of one tenant-period queue here.
    const {
      rows: [statement],
    } = await c.query<{ id: string; status: string; period_status: string | null }>(
      `INSERT INTO statements (id, tenant_id, period_id, updated_at) VALUES (gen_random_uuid(), $1, $2, now())
       ON CONFLICT (tenant_id, period_id) DO UPDATE SET updated_at = statements.updated_at
       RETURNING id::text, status::text,
                 (SELECT p.status::text FROM billing_periods p WHERE p.park_id = $3 AND p.id = $2) AS period_status`,
      [tenantId, periodId, parkId],
    );
    if (statement.status !== 'draft') return { statementId: statement.id, newlyIssued: false };
    if (statement.period_status === 'closed') throw new PeriodClosed(parkId, periodId);

    const { rows: grants } = await c.query<LockedGrant>(
      `SELECT id, programme_id AS "programmeId", tenant_id AS "tenantId", contract_id AS "contractId",
              face_value::text AS "faceValue",
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
          `SELECT 1 FROM voucher_counters
           WHERE programme_id = ANY($1::text[]) AND tenant_id = '' AND year = ANY($2::int[])
           ORDER BY programme_id, year FOR UPDATE`,
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
         SELECT 'balance', account_id, NULL, NULL, SUM(amount)::text FROM ledger_postings
          WHERE account_id = ANY($3::text[]) GROUP BY account_id`,
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
    const write = { tenantId, parkId, periodId, statementId: statement.id, plan, closeTaskRound };
    await this.writeOwn(c, write);
    // Before the rows shared with every other issue (pools, the period, the audit head): those stay locked until the
    // commit, so nothing that does not need them runs after them. The balances its deductions lowered are written.
    await checkGrantAlerts(pgAuditSql(c), { tenantId });
    // nothing to pay (vouchers and credits cover it all): settled from its issue, as a payment would have settled it
    if (plan.status === 'paid')
      await notifyStatementPaid(pgAuditSql(c), { statementId: statement.id, tenantId, periodId, number: plan.number });
    // Last, in this transaction: the shared rows and the audit event, in one statement, the commit right behind it.
    const audit: AuditChange = {
      actor: input.actor,
      action: 'statement.issue',
      entityType: 'statement',
      entityId: statement.id,
      before: { id: statement.id, tenantId, periodId, status: 'draft' },
      after: {
        id: statement.id,
        tenantId,
        periodId,
        status: plan.status,
        number: plan.number,
        asOf: plan.asOf,
        totals: plan.totals,
      },
      payload: {
        tenantId,
        periodId,
        number: plan.number,
        totals: plan.totals,
        redemptions: plan.redemptions,
        // the charges billed, and the rest of a credit split off for the next statement (none: left out)
        ...(plan.charges.billed.length > 0 ? { charges: plan.charges } : {}),
      },
    };
    await writeSharedRowsAndCommit(c, write, audit).catch((error: unknown) => {
      throw (error as { code?: string }).code === POOL_ROOM_TAKEN ? new PoolContention(error) : error;
    });
    const earliestGrantEnd = grants.map((g) => g.validTo).sort()[0];
    return { statementId: statement.id, newlyIssued: true, earliestGrantEnd };
  }

  /** Pool rows exist before they are read or updated; rows are never deleted, so each is made once per process. */
  private async ensurePoolRows(
    c: PreparedClient,
    programmeIds: readonly string[],
    years: readonly number[],
  ): Promise<string[]> {
    const missing = programmeIds
      .flatMap((p) => years.map((y) => [p, y] as const))
      .filter(([p, y]) => !this.knownPools.has(`${p}|${y}`));
    if (missing.length === 0) return [];
    await c.query(
      `INSERT INTO voucher_counters (programme_id, tenant_id, year, used)
       SELECT p, '', y, 0 FROM unnest($1::text[], $2::int[]) AS t(p, y) ON CONFLICT DO NOTHING`,
      [missing.map((x) => x[0]), missing.map((x) => x[1])],
    );
    return missing.map(([p, y]) => `${p}|${y}`);
  }

  /** The tenant's own rows, its redemption ledger transaction among them. */
  private async writeOwn(c: PreparedClient, input: IssueWrite): Promise<void> {
    const { tenantId, statementId, plan } = input;
    const ledger = this.ledger.postingCtes(
      {
        kind: 'redemption',
        idempotencyKey: `redemption:${statementId}`,
        tenantId,
        statementId,
        memo: `statement ${plan.number}`,
        postings: redemptionPostings(plan),
      },
      OWN_ROWS_LEDGER_FIRST_PARAM,
    );
    await writeOwnRows(c, input, ledger);
  }
}

/** One redemption per grant × usage year: the grant's account pays, the programme's redeemed account receives. */
function redemptionPostings(plan: IssuePlan) {
  return plan.redemptions.flatMap((r) => [
    {
      accountId: ledgerAccount.grant(r.grantId),
      amount: `-${r.amount}`,
      programmeId: r.programmeId,
      year: r.usageYear,
    },
    {
      accountId: ledgerAccount.redeemed(r.programmeId),
      amount: r.amount,
      programmeId: r.programmeId,
      year: r.usageYear,
    },
  ]);
}
