import type { NotificationEvent, OutboxSql } from './notification-events';

/**
 * The outbox insert, its values as SQL expressions (parameter numbers for `payload`, `tenant`, `programme`; absent:
 * NULL); the bureau comes from the programme, so a bureau's endpoint matches without a join later.
 */
export function outboxInsert(v: { type: string; payload: number; tenant?: number; programme?: number }): string {
  const programme = v.programme === undefined ? 'NULL' : `$${v.programme}`;
  const bureau = v.programme === undefined ? 'NULL' : `(SELECT bureau_id FROM programmes WHERE id = ${programme})`;
  const tenant = v.tenant === undefined ? 'NULL' : `$${v.tenant}`;
  return `INSERT INTO notification_outbox (id, event_type, payload, tenant_id, programme_id, bureau_id)
  SELECT 'evt_' || gen_random_uuid(), ${v.type}, $${v.payload}::jsonb, ${tenant}, ${programme}, ${bureau}`;
}

const INSERT = outboxInsert({ type: '$1', payload: 2, tenant: 3, programme: 4 });

/**
 * Writes one event into the outbox with `sql`, the caller's transaction: the event exists if and only if the
 * change it reports was committed. Delivery is the notifications worker's (NotificationDispatcher).
 */
export async function writeNotification(sql: OutboxSql, event: NotificationEvent): Promise<void> {
  const { tenantId = null, programmeId = null } = event.scope ?? {};
  await sql.query(INSERT, [event.type, JSON.stringify(event.payload), tenantId, programmeId]);
}

/**
 * notifyPeriodClosedIfClosedNow as a CTE (`period_closed_notice`) of the statement that counts a period's issued
 * statement: `period` is a CTE of that statement returning the period row as updated (park_id, id, status,
 * issued_count, closed_at); the notice is written only when that update closed the period.
 */
export function periodClosedNoticeCte(p: { period: string }): string {
  return `period_closed_notice AS (INSERT INTO notification_outbox (id, event_type, payload)
       SELECT 'evt_' || gen_random_uuid(), 'period.closed',
              jsonb_build_object('parkId', park_id, 'periodId', id, 'statements', issued_count, 'closedAt', closed_at)
         FROM ${p.period} WHERE status = 'closed' AND closed_at = now()::timestamp(3))`;
}

/**
 * `period.closed`, when the caller's transaction is the one that closed the period (its `closed_at` is this
 * transaction's `now()`): the last statement's issue, or a close with nothing left to issue.
 */
export async function notifyPeriodClosedIfClosedNow(
  sql: OutboxSql,
  period: { parkId: string; periodId: string },
): Promise<void> {
  await sql.query(
    `WITH period AS (SELECT * FROM billing_periods WHERE park_id = $1 AND id = $2),
          ${periodClosedNoticeCte({ period: 'period' })}
     SELECT 1`,
    [period.parkId, period.periodId],
  );
}
