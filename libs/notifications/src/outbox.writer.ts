import type { NotificationEvent, OutboxSql } from './notification-events';

/** The outbox insert; the bureau comes from the programme, so a bureau's endpoint matches without a join later. */
const INSERT = `INSERT INTO notification_outbox (id, event_type, payload, tenant_id, programme_id, bureau_id)
  SELECT 'evt_' || gen_random_uuid(), $1, $2::jsonb, $3, $4, (SELECT bureau_id FROM programmes WHERE id = $4)`;

/**
 * Writes one event into the outbox with `sql`, the caller's transaction: the event exists if and only if the
 * change it reports was committed. Delivery is the notifications worker's (NotificationDispatcher).
 */
export async function writeNotification(sql: OutboxSql, event: NotificationEvent): Promise<void> {
  const { tenantId = null, programmeId = null } = event.scope ?? {};
  await sql.query(INSERT, [event.type, JSON.stringify(event.payload), tenantId, programmeId]);
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
    `INSERT INTO notification_outbox (id, event_type, payload)
     SELECT 'evt_' || gen_random_uuid(), 'period.closed',
            jsonb_build_object('parkId', park_id, 'periodId', id, 'statements', issued_count, 'closedAt', closed_at)
       FROM billing_periods WHERE park_id = $1 AND id = $2 AND status = 'closed' AND closed_at = now()::timestamp(3)`,
    [period.parkId, period.periodId],
  );
}
