import { Injectable } from '@nestjs/common';
import { PrismaService, Prisma } from '@park/db';
import type { CloseTaskKey, PendingTask } from './close-task.repository';

/** A held tenant of a close, with the open findings that hold it (none left: the sweeper releases it). */
export interface HeldTask {
  readonly tenantId: string;
  readonly findingIds: string[];
  readonly heldAt: Date;
}

const PENDING_COLUMNS = Prisma.sql`
  t.park_id AS "parkId", t.period_id AS "periodId", t.tenant_id AS "tenantId", t.close_run AS "closeRun", t.round,
  t.requested_by AS "requestedBy", t.requested_role AS "requestedRole"`;

/**
 * Holds (issue 14 item 3): an open reconciliation finding on a tenant-period holds the issuing of that tenant's
 * statement. Findings are read by `tenant_id` and `period_id` (set by the reconciliation on every finding they
 * apply to) within the runs of the task's park. A release bumps the round, so BullMQ gets a new job id.
 */
@Injectable()
export class CloseHoldRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Ids of the open findings on the tenant-period, unless an operator-admin overrode the task's hold. */
  async blockingFindings(key: CloseTaskKey): Promise<string[]> {
    const rows = await this.prisma.client.$queryRaw<{ id: string }[]>`
      SELECT f.id FROM reconciliation_findings f JOIN reconciliation_runs r ON r.id = f.run_id
       WHERE f.status = 'open' AND f.tenant_id = ${key.tenantId} AND f.period_id = ${key.periodId}
         AND r.park_id = ${key.parkId}
         AND NOT EXISTS (SELECT 1 FROM period_close_tasks t
                          WHERE t.park_id = ${key.parkId} AND t.period_id = ${key.periodId}
                            AND t.tenant_id = ${key.tenantId} AND t.hold_overridden_at IS NOT NULL)
       ORDER BY f.created_at, f.id`;
    return rows.map((r) => r.id);
  }

  /** pending → held (the job of this round found open findings). */
  async markHeld(key: CloseTaskKey, round: number): Promise<void> {
    await this.prisma.client.periodCloseTask.updateMany({
      where: { ...key, round, status: 'pending' },
      data: { status: 'held', errorCode: null, errorMessage: null, attempts: { increment: 1 }, updatedAt: new Date() },
    });
  }

  /**
   * held → pending in a new round, for the held tasks (of one tenant-period, or all) that nothing holds any more:
   * their findings are resolved, or the hold was overridden. Returns them, to be queued.
   */
  release(key?: CloseTaskKey, tx: Prisma.TransactionClient = this.prisma.client): Promise<PendingTask[]> {
    return tx.$queryRaw<PendingTask[]>`
      UPDATE period_close_tasks t SET status = 'pending', round = t.round + 1, attempts = 0, updated_at = now()
       WHERE t.status = 'held'
         AND (${key?.parkId ?? null}::text IS NULL
              OR (t.park_id = ${key?.parkId ?? null} AND t.period_id = ${key?.periodId ?? null}
                  AND t.tenant_id = ${key?.tenantId ?? null}))
         AND (t.hold_overridden_at IS NOT NULL OR NOT EXISTS (
              SELECT 1 FROM reconciliation_findings f JOIN reconciliation_runs r ON r.id = f.run_id
               WHERE f.status = 'open' AND f.tenant_id = t.tenant_id AND f.period_id = t.period_id
                 AND r.park_id = t.park_id))
      RETURNING ${PENDING_COLUMNS}`;
  }

  /** Records an override of a held task (who, when, why) and releases it; the caller's audit event is in `tx`. */
  async override(
    key: CloseTaskKey,
    by: string,
    reason: string,
    audit: (tx: Prisma.TransactionClient, findingIds: string[]) => Promise<unknown>,
  ): Promise<PendingTask | null> {
    return this.prisma.client.$transaction(async (tx) => {
      const findingIds = await this.blockingFindings(key);
      const changed = await tx.periodCloseTask.updateMany({
        where: { ...key, status: 'held' },
        data: { holdOverriddenBy: by, holdOverriddenAt: new Date(), holdOverrideReason: reason },
      });
      if (changed.count === 0) return null;
      await audit(tx, findingIds);
      const [released] = await this.release(key, tx);
      return released ?? null;
    });
  }

  /** The held tasks of one close whose statement is not issued, each with its open findings, up to `limit`. */
  held(parkId: string, periodId: string, limit: number): Promise<HeldTask[]> {
    return this.prisma.client.$queryRaw<HeldTask[]>`
      SELECT t.tenant_id AS "tenantId", t.updated_at AS "heldAt",
             coalesce(array_agg(f.id ORDER BY f.created_at, f.id) FILTER (WHERE f.id IS NOT NULL), '{}') AS "findingIds"
        FROM period_close_tasks t
        LEFT JOIN reconciliation_findings f
               ON f.status = 'open' AND f.tenant_id = t.tenant_id AND f.period_id = t.period_id
              AND EXISTS (SELECT 1 FROM reconciliation_runs r WHERE r.id = f.run_id AND r.park_id = t.park_id)
       WHERE t.park_id = ${parkId} AND t.period_id = ${periodId} AND t.status = 'held'
       GROUP BY t.tenant_id, t.updated_at
       ORDER BY t.tenant_id
       LIMIT ${limit}`;
  }
}
