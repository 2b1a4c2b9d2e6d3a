import type { PrismaClient } from '@park/db';
import { periodBounds, periodOf } from '@park/billing-domain';
import type { ReconciliationQueries } from '@park/usage-pipeline';
import { compareKeyed, type KeyedRow, type KindOutcome } from './domain';
import type { RunWindow } from './usage-reconciliations';

/** One compared item as SQL returns it: a key, its subject, and both numbers. */
interface PairRow {
  key: string;
  subject: Record<string, string | number | null>;
  expected: string;
  observed: string;
}

/**
 * Kinds c, d and e: PostgreSQL (what is owed) against ClickHouse (what was used), and the ledger against itself and
 * the claims. Scoped to one park's tenants, so another park (or another test) never shows in a run.
 */
export class BillingReconciliations {
  constructor(
    private readonly db: PrismaClient,
    private readonly queries: ReconciliationQueries,
  ) {}

  /** c. Quantities billed on issued statements (adjustments included) vs ClickHouse, per tenant-period × SKU × job type. */
  async statements(parkId: string, window: RunWindow): Promise<KindOutcome> {
    const first = periodOf(new Date(window.from));
    const last = periodOf(new Date(window.to - 1));
    const issued = await this.db.$queryRaw<{ tenant_id: string; period_id: string; id: string }[]>`
      SELECT s.tenant_id, s.period_id, s.id::text AS id FROM statements s JOIN tenants t ON t.id = s.tenant_id
      WHERE t.park_id = ${parkId} AND s.status IN ('issued', 'paid') AND s.period_id BETWEEN ${first} AND ${last}`;
    if (issued.length === 0) return { kind: 'statements', matched: 0, findings: [] };
    const statementOf = new Map(issued.map((s) => [`${s.tenant_id}|${s.period_id}`, s.id]));
    const tenants = [...new Set(issued.map((s) => s.tenant_id))];
    const periods = [...new Set(issued.map((s) => s.period_id))].sort();
    const billed = await this.db.$queryRaw<
      { tenant_id: string; usage_period_id: string; sku: string; job_type: string; quantity: string }[]
    >`
      SELECT tenant_id, usage_period_id, sku, job_type, trim_scale(SUM(quantity_base))::text AS quantity FROM billed_usage
      WHERE tenant_id = ANY(${tenants}::text[]) AND usage_period_id = ANY(${periods}::text[])
      GROUP BY tenant_id, usage_period_id, sku, job_type`;
    const used = await this.queries.periodQuantities(
      tenants,
      periodBounds(periods[0]).start.getTime(),
      periodBounds(periods[periods.length - 1]).end.getTime(),
    );
    const row = (tenantId: string, periodId: string, sku: string, jobType: string, quantity: string): KeyedRow => ({
      key: `${tenantId}|${periodId}|${sku}|${jobType}`,
      subject: { tenantId, periodId, sku, jobType, statementId: statementOf.get(`${tenantId}|${periodId}`) },
      measures: { quantity },
    });
    return {
      kind: 'statements',
      ...compareKeyed({
        kind: 'statements',
        check: 'billed',
        expectedName: 'ClickHouse',
        observedName: 'statements',
        measures: ['quantity'],
        expected: used
          .filter((u) => statementOf.has(`${u.tenantId}|${u.periodId}`))
          .map((u) => row(u.tenantId, u.periodId, u.sku, u.jobType, u.quantity)),
        observed: billed.map((b) => row(b.tenant_id, b.usage_period_id, b.sku, b.job_type, b.quantity)),
      }),
    };
  }

  /** d. Ledger invariants: balanced transactions, grants' entries against their sources, counters against redemptions. */
  async ledger(parkId: string): Promise<KindOutcome> {
    const tenants = await this.parkTenants(parkId);
    const [balance, grants, counters] = await Promise.all([
      this.transactionBalances(tenants),
      this.grantEntries(tenants),
      this.counters(tenants),
    ]);
    const parts = [
      pairs('ledger', 'transaction', 'zero', 'postings', balance, 'balance'),
      pairs('ledger', 'grant_entries', 'source records', 'grant postings', grants),
      pairs('ledger', 'counter', 'redemptions', 'counter', counters),
    ];
    return {
      kind: 'ledger',
      matched: parts.reduce((n, p) => n + p.matched, 0),
      findings: parts.flatMap((p) => p.findings),
    };
  }

  /**
   * e. Each claim line against the redemptions it names (its contract's lines, or the whole statement's when its
   * contract is ''); programme × statement × contract on one claim only, a whole statement on no other; totals.
   */
  async claims(parkId: string): Promise<KindOutcome> {
    const tenants = await this.parkTenants(parkId);
    const lines = await this.db.$queryRaw<PairRow[]>`
      SELECT l.id AS key,
             jsonb_build_object('claimId', l.claim_id, 'claimLineId', l.id, 'programmeId', l.programme_id,
                                'statementId', l.statement_id::text, 'contractId', l.contract_id,
                                'tenantId', l.tenant_id, 'periodId', l.period_id) AS subject,
             (COALESCE((SELECT SUM(d.amount) FROM deductions d
                       WHERE d.statement_id = l.statement_id AND d.programme_id = l.programme_id
                         AND (l.contract_id = '' OR EXISTS (
                           SELECT 1 FROM statement_lines sl
                           WHERE sl.statement_id = d.statement_id AND sl.line_id = d.line_id
                             AND sl.contract_id = l.contract_id))), 0)
             -- a contract-settlement programme's line names the settlement where a statement's would be
             + COALESCE((SELECT s.subsidy FROM contract_settlements s WHERE s.id = l.statement_id
                          AND s.programme_id = l.programme_id AND s.contract_id = l.contract_id), 0))::text AS expected,
             l.amount::text AS observed
      FROM claim_lines l WHERE l.tenant_id = ANY(${tenants}::text[])`;
    // per claim line: the claims whose lines on its statement overlap it (same contract, or either the whole statement)
    const twice = await this.db.$queryRaw<PairRow[]>`
      SELECT l.id AS key,
             jsonb_build_object('programmeId', l.programme_id, 'statementId', l.statement_id::text,
                                'contractId', l.contract_id, 'tenantId', l.tenant_id) AS subject,
             '1' AS expected,
             (SELECT COUNT(DISTINCT x.claim_id) FROM claim_lines x
              WHERE x.programme_id = l.programme_id AND x.statement_id = l.statement_id
                AND (x.contract_id = l.contract_id OR x.contract_id = '' OR l.contract_id = ''))::text AS observed
      FROM claim_lines l WHERE l.tenant_id = ANY(${tenants}::text[])`;
    const totals = await this.db.$queryRaw<PairRow[]>`
      SELECT c.id AS key, jsonb_build_object('claimId', c.id, 'programmeId', c.programme_id) AS subject,
             (SELECT COALESCE(SUM(x.amount), 0) FROM claim_lines x WHERE x.claim_id = c.id)::text AS expected, c.total::text AS observed
      FROM claims c WHERE EXISTS (SELECT 1 FROM claim_lines l WHERE l.claim_id = c.id AND l.tenant_id = ANY(${tenants}::text[]))`;
    const parts = [
      pairs('claims', 'claim_line', 'redemptions', 'claim line', lines),
      pairs('claims', 'claimed', 'once', 'claims', twice, 'times'),
      pairs('claims', 'claim_total', 'sum of lines', 'claim total', totals),
    ];
    return {
      kind: 'claims',
      matched: parts.reduce((n, p) => n + p.matched, 0),
      findings: parts.flatMap((p) => p.findings),
    };
  }

  private async parkTenants(parkId: string): Promise<string[]> {
    return (await this.db.tenant.findMany({ where: { parkId }, select: { id: true } })).map((t) => t.id);
  }

  private transactionBalances(tenants: string[]): Promise<PairRow[]> {
    return this.db.$queryRaw<PairRow[]>`
      SELECT t.id::text AS key, jsonb_build_object('transactionId', t.id::text, 'tenantId', t.tenant_id, 'statementId', t.statement_id::text) AS subject,
             '0' AS expected, COALESCE(SUM(p.amount), 0)::text AS observed
      FROM ledger_transactions t LEFT JOIN ledger_postings p ON p.transaction_id = t.id
      WHERE t.tenant_id = ANY(${tenants}::text[]) GROUP BY t.id`;
  }

  /**
   * Per grant and kind of entry, the grant account's postings against the records they come from: grant_issue =
   * face value, redemption = −(its deductions), reversal = its clawback's amount, grant_void = −the voided balance.
   * Kinds of entry without such a source are left to the transaction balance check.
   */
  private grantEntries(tenants: string[]): Promise<PairRow[]> {
    return this.db.$queryRaw<PairRow[]>`
      WITH src AS (
        SELECT g.id AS grant_id, g.tenant_id, 'grant_issue' AS entry, g.face_value AS amount FROM grants g WHERE g.tenant_id = ANY(${tenants}::text[])
        UNION ALL SELECT d.grant_id, d.tenant_id, 'redemption', -SUM(d.amount) FROM deductions d WHERE d.tenant_id = ANY(${tenants}::text[]) GROUP BY d.grant_id, d.tenant_id
        UNION ALL SELECT c.grant_id, c.tenant_id, 'reversal', c.amount FROM clawbacks c WHERE c.tenant_id = ANY(${tenants}::text[]) AND c.amount <> 0
        UNION ALL SELECT c.grant_id, c.tenant_id, 'grant_void', -c.voided_balance FROM clawbacks c WHERE c.tenant_id = ANY(${tenants}::text[]) AND c.voided_balance <> 0
      ),
      led AS (
        SELECT a.grant_id, a.tenant_id, t.kind AS entry, SUM(p.amount) AS amount
        FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id JOIN ledger_transactions t ON t.id = p.transaction_id
        WHERE a.grant_id IS NOT NULL AND a.tenant_id = ANY(${tenants}::text[]) AND t.kind IN ('grant_issue', 'redemption', 'reversal', 'grant_void')
        GROUP BY a.grant_id, a.tenant_id, t.kind
      )
      SELECT COALESCE(s.grant_id, l.grant_id) || '|' || COALESCE(s.entry, l.entry) AS key,
             jsonb_build_object('grantId', COALESCE(s.grant_id, l.grant_id), 'tenantId', COALESCE(s.tenant_id, l.tenant_id), 'entry', COALESCE(s.entry, l.entry)) AS subject,
             COALESCE(s.amount, 0)::text AS expected, COALESCE(l.amount, 0)::text AS observed
      FROM src s FULL JOIN led l ON l.grant_id = s.grant_id AND l.entry = s.entry`;
  }

  /** voucher_counters.used against the grants' redemptions net of reversals: tenant-year, tenant cumulative (year 0), pool (tenant ''). */
  private counters(tenants: string[]): Promise<PairRow[]> {
    return this.db.$queryRaw<PairRow[]>`
      WITH progs AS (SELECT DISTINCT programme_id FROM grants WHERE tenant_id = ANY(${tenants}::text[])),
      red AS (
        SELECT p.programme_id, t.tenant_id, p.usage_year AS year, -SUM(p.amount) AS used
        FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id
        WHERE p.account_id LIKE 'grant:%' AND t.kind IN ('redemption', 'reversal') AND p.programme_id IN (SELECT programme_id FROM progs)
        GROUP BY p.programme_id, t.tenant_id, p.usage_year
      ),
      expected AS (
        SELECT programme_id, tenant_id, year, used FROM red WHERE tenant_id = ANY(${tenants}::text[])
        UNION ALL SELECT programme_id, tenant_id, 0, SUM(used) FROM red WHERE tenant_id = ANY(${tenants}::text[]) GROUP BY programme_id, tenant_id
        UNION ALL SELECT programme_id, '', year, SUM(used) FROM red GROUP BY programme_id, year
      ),
      observed AS (
        SELECT programme_id, tenant_id, year, used FROM voucher_counters
        WHERE programme_id IN (SELECT programme_id FROM progs) AND (tenant_id = '' OR tenant_id = ANY(${tenants}::text[]))
      )
      SELECT COALESCE(e.programme_id, o.programme_id) || '|' || COALESCE(e.tenant_id, o.tenant_id) || '|' || COALESCE(e.year, o.year) AS key,
             jsonb_build_object('programmeId', COALESCE(e.programme_id, o.programme_id), 'tenantId', NULLIF(COALESCE(e.tenant_id, o.tenant_id), ''),
                                'year', COALESCE(e.year, o.year)) AS subject,
             COALESCE(e.used, 0)::text AS expected, COALESCE(o.used, 0)::text AS observed
      FROM expected e FULL JOIN observed o ON o.programme_id = e.programme_id AND o.tenant_id = e.tenant_id AND o.year = e.year`;
  }
}

function pairs(
  kind: 'ledger' | 'claims',
  check: string,
  expectedName: string,
  observedName: string,
  rows: readonly PairRow[],
  measure = 'amount',
) {
  const subject = (r: PairRow) =>
    Object.fromEntries(Object.entries(r.subject).filter(([, v]) => v !== null && v !== ''));
  return compareKeyed({
    kind,
    check,
    expectedName,
    observedName,
    measures: [measure],
    expected: rows.map((r) => ({ key: r.key, subject: subject(r), measures: { [measure]: r.expected } })),
    observed: rows.map((r) => ({ key: r.key, subject: subject(r), measures: { [measure]: r.observed } })),
  });
}
