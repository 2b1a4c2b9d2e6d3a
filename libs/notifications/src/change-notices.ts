import type { OutboxSql } from './notification-events';
import { outboxInsert, writeNotification } from './outbox.writer';

/**
 * One call per hook, each in the transaction of the change it reports: what to write when a statement is issued,
 * a claim moves, a grant's balance lapses. The payloads carry amounts as decimal strings.
 */

/**
 * `statement.issued` as a CTE (`statement_issued_notice`) of the statement that writes the issued statement's own
 * rows (one round trip less per issue in a close): `payload` and `tenant` are the parameter numbers of
 * statementIssuedPayload and the tenant id. The issuing transaction then checks the tenant's grant alerts
 * (checkGrantAlerts: the balances its deductions lowered) and, when its statement closed the period, writes
 * `period.closed` (periodClosedNoticeCte).
 */
export function statementIssuedNoticeCte(p: { payload: number; tenant: number }): string {
  const insert = outboxInsert({ type: "'statement.issued'", payload: p.payload, tenant: p.tenant });
  return `statement_issued_notice AS (${insert})`;
}

export function statementIssuedPayload(s: {
  statementId: string;
  tenantId: string;
  parkId: string;
  periodId: string;
  number: string;
  totals: object;
}): string {
  const { statementId, tenantId, parkId, periodId, number, totals } = s;
  return JSON.stringify({ statementId, tenantId, parkId, periodId, number, totals });
}

/** `statement.dispute_opened` / `statement.dispute_resolved`, for the operator and the tenant it concerns. */
export async function notifyDisputeChange(
  sql: OutboxSql,
  d: { id: string; tenantId: string; statementId: string; lineId: string; state: string; detail?: object },
): Promise<void> {
  const type = d.state === 'open' ? 'statement.dispute_opened' : 'statement.dispute_resolved';
  const { id: disputeId, tenantId, statementId, lineId, state, detail } = d;
  const payload = { ...detail, disputeId, tenantId, statementId, lineId, state };
  await writeNotification(sql, { type, payload, scope: { tenantId } });
}

/** `statement.paid`, for the tenant and operators, when a statement's balance reaches 0 (issue 16 item 3). */
export async function notifyStatementPaid(
  sql: OutboxSql,
  s: { statementId: string; tenantId: string; periodId: string; number: string | null },
): Promise<void> {
  await writeNotification(sql, { type: 'statement.paid', payload: { ...s }, scope: { tenantId: s.tenantId } });
}

const CLAIM_EVENTS: Readonly<Record<string, 'claim.submitted' | 'claim.reviewed'>> = {
  'claim.submit': 'claim.submitted',
  'claim.review': 'claim.reviewed',
};

/** `claim.submitted` / `claim.reviewed` for the programme's bureau; other claim moves notify nothing. */
export async function notifyClaimChange(
  sql: OutboxSql,
  c: { action: string; id: string; programmeId: string; cycle: string; status: string; detail?: object },
): Promise<void> {
  const type = CLAIM_EVENTS[c.action];
  if (!type) return;
  const { id: claimId, programmeId, cycle, status, detail } = c;
  const payload = { ...detail, claimId, programmeId, cycle, status };
  await writeNotification(sql, { type, payload, scope: { programmeId } });
}

/** `grant.expired`, with the balance that lapsed (the programme read from the grant, in the same transaction). */
export async function notifyGrantExpired(
  sql: OutboxSql,
  g: { grantId: string; tenantId: string; lapsed: string },
): Promise<void> {
  const [grant] = await sql.query<{ programme_id: string }>('SELECT programme_id FROM grants WHERE id = $1', [
    g.grantId,
  ]);
  const { grantId, tenantId, lapsed } = g;
  const programmeId = grant?.programme_id ?? null;
  const payload = { grantId, tenantId, programmeId, lapsed };
  await writeNotification(sql, { type: 'grant.expired', payload, scope: { tenantId, programmeId } });
}
