import { Injectable } from '@nestjs/common';
import { PrismaService } from '@park/db';
import { prismaAuditSql } from '@park/audit-store';
import { checkGrantAlerts } from './grant-alerts.check';

/**
 * New outbox rows → one delivery per matching endpoint, and the rows marked dispatched, in one transaction (rows
 * locked with SKIP LOCKED, so two workers never fan one row out twice). An endpoint matches an event it may see
 * (operator: all; tenant: its own; bureau: its programmes', or one of them) of a type it asked for (none: all),
 * written after it was registered.
 */
const FAN_OUT = `
WITH picked AS (
  SELECT id, event_type, tenant_id, programme_id, bureau_id, created_at FROM notification_outbox
   WHERE dispatched_at IS NULL ORDER BY created_at, id LIMIT 1000 FOR UPDATE SKIP LOCKED
),
marked AS (UPDATE notification_outbox SET dispatched_at = now() WHERE id IN (SELECT id FROM picked))
INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, next_attempt_at)
SELECT 'dlv_' || gen_random_uuid(), e.id, o.id, o.event_type, now()
  FROM picked o JOIN webhook_endpoints e ON e.deleted_at IS NULL AND e.created_at <= o.created_at
   AND (cardinality(e.event_types) = 0 OR o.event_type = ANY(e.event_types))
   AND (e.owner_kind = 'operator'
        OR (e.owner_kind = 'tenant' AND o.tenant_id = e.owner_id)
        OR (e.owner_kind = 'bureau' AND o.bureau_id = e.owner_id
            AND (e.programme_id IS NULL OR e.programme_id = o.programme_id)))
ON CONFLICT (endpoint_id, event_id) DO NOTHING
RETURNING id`;

@Injectable()
export class NotificationDispatcher {
  constructor(private readonly prisma: PrismaService) {}

  /** Fans out what is new; returns the deliveries to queue: the new ones and those whose job was lost. */
  async dispatch(): Promise<string[]> {
    const db = this.prisma.client;
    const created = await db.$transaction((tx) => tx.$queryRawUnsafe<{ id: string }[]>(FAN_OUT), {
      maxWait: 10_000,
      timeout: 30_000,
    });
    // a pending delivery a minute past its attempt has no job (Redis lost it, or the worker died before queueing)
    const stalled = await db.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at < now() - interval '1 minute'
       ORDER BY next_attempt_at LIMIT 1000`,
    );
    return [...created, ...stalled].map((r) => r.id);
  }

  /**
   * Endpoints with parked deliveries that are no longer suspended (resumed: the drain the resume queued, or one
   * that ended before the last of them was parked); queuing their drains again is harmless.
   */
  async endpointsToDrain(): Promise<string[]> {
    const rows = await this.prisma.client.$queryRawUnsafe<{ id: string }[]>(
      `SELECT e.id FROM webhook_endpoints e WHERE e.suspended_at IS NULL AND e.deleted_at IS NULL
          AND EXISTS (SELECT 1 FROM webhook_deliveries d
                       WHERE d.endpoint_id = e.id AND d.status = 'pending' AND d.parked_at IS NOT NULL)
        LIMIT 1000`,
    );
    return rows.map((r) => r.id);
  }

  /** The daily check of every tenant's grants (balance low, expiring), in a transaction of its own. */
  checkGrantAlerts(today?: string): Promise<number> {
    return this.prisma.client.$transaction((tx) => checkGrantAlerts(prismaAuditSql(tx), { today }));
  }
}
