import type { OutboxSql } from './notification-events';

/** Without a setting on the grant or its programme, `grant.expiring` fires this many days before the last day. */
export const DEFAULT_EXPIRING_DAYS = 30;

/**
 * `grant.balance_low` (by percent of face value, and by amount) and `grant.expiring`, each once per grant and
 * threshold: `grant_alerts_fired` records what fired, in the same statement as the outbox rows. A grant's own
 * threshold overrides its programme's. Only active grants still valid on `today` (Asia/Shanghai) are looked at.
 */
const check = (grants: 'one tenant' | 'every tenant') => `
WITH g AS (
  SELECT g.id, g.tenant_id, g.programme_id, g.face_value, g.valid_to,
         COALESCE(g.balance_low_percent, p.balance_low_percent) AS pct,
         COALESCE(g.balance_low_amount, p.balance_low_amount) AS amt,
         COALESCE(g.expiring_days, p.expiring_days, ${DEFAULT_EXPIRING_DAYS}) AS days,
         COALESCE((SELECT SUM(amount) FROM ledger_postings WHERE account_id = 'grant:' || g.id), 0) AS balance,
         COALESCE($2::date, (now() AT TIME ZONE 'Asia/Shanghai')::date) AS today
    FROM grants g JOIN programmes p ON p.id = g.programme_id
   WHERE g.status = 'active' AND ${grants === 'one tenant' ? 'g.tenant_id = $1' : '$1::text IS NULL'}
     AND g.valid_to::date >= COALESCE($2::date, (now() AT TIME ZONE 'Asia/Shanghai')::date)
),
due AS (
  SELECT g.*, 'balance_low_percent' AS alert, 'grant.balance_low' AS event_type,
         jsonb_build_object('percent', pct::text) AS threshold
    FROM g WHERE pct IS NOT NULL AND balance <= face_value * pct / 100
  UNION ALL
  SELECT g.*, 'balance_low_amount', 'grant.balance_low', jsonb_build_object('amount', amt::text)
    FROM g WHERE amt IS NOT NULL AND balance <= amt
  UNION ALL
  SELECT g.*, 'expiring', 'grant.expiring', jsonb_build_object('days', days)
    FROM g WHERE valid_to::date - today <= days
),
fired AS (
  INSERT INTO grant_alerts_fired (grant_id, alert) SELECT id, alert FROM due
  ON CONFLICT DO NOTHING RETURNING grant_id, alert
)
INSERT INTO notification_outbox (id, event_type, payload, tenant_id, programme_id, bureau_id)
SELECT 'evt_' || gen_random_uuid(), d.event_type,
       jsonb_build_object('grantId', d.id, 'tenantId', d.tenant_id, 'programmeId', d.programme_id,
         'faceValue', d.face_value::numeric(20, 2)::text, 'balance', d.balance::numeric(20, 2)::text,
         'validTo', d.valid_to, 'daysLeft', d.valid_to::date - d.today, 'threshold', d.threshold),
       d.tenant_id, d.programme_id, (SELECT bureau_id FROM programmes WHERE id = d.programme_id)
  FROM fired f JOIN due d ON d.id = f.grant_id AND d.alert = f.alert
RETURNING id`;
// Two texts, so that a prepared statement's generic plan for one tenant reads that tenant's grants by index.
const CHECK_ONE_TENANT = check('one tenant');
const CHECK_EVERY_TENANT = check('every tenant');

/**
 * Fires the alerts now due, in the caller's transaction: one tenant's grants (after its statement's issue, where
 * balances fall) or every tenant's (the daily job). `today` pins the day (tests); default the Asia/Shanghai date.
 * Returns how many events it wrote.
 */
export async function checkGrantAlerts(
  sql: OutboxSql,
  scope: { tenantId?: string; today?: string } = {},
): Promise<number> {
  const text = scope.tenantId === undefined ? CHECK_EVERY_TENANT : CHECK_ONE_TENANT;
  return (await sql.query(text, [scope.tenantId ?? null, scope.today ?? null])).length;
}
