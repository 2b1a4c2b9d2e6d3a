import { Injectable } from '@nestjs/common';
import { prismaAuditSql } from '@park/audit-store';
import { PrismaService, Prisma } from '@park/db';
import { notifyPeriodClosedIfClosedNow } from '@park/notifications';
import { BillingPgPool } from '../repositories/billing-pg.pool';
import type { PeriodRow } from '../repositories/period.repository';

export type CloseTaskRow = Prisma.PeriodCloseTaskGetPayload<object>;
export interface CloseTaskKey {
  readonly parkId: string;
  readonly periodId: string;
  readonly tenantId: string;
}
export interface Requester {
  readonly subject: string;
  readonly role: string;
}
export type PendingTask = Pick<
  CloseTaskRow,
  'parkId' | 'periodId' | 'tenantId' | 'closeRun' | 'round' | 'requestedBy' | 'requestedRole'
>;
/** What a close job needs of its task. */
export interface JobTask {
  readonly closeRun: string;
  readonly round: number;
  readonly status: CloseTaskRow['status'];
  /** Open findings on the tenant-period that hold its issue (see CloseHoldRepository). */
  readonly blockingFindings: string[];
}
/** The SET list that marks a task done (here, and in the issuing transaction of a close job's statement). */
export const TASK_DONE =
  "status = 'done', error_code = NULL, error_message = NULL, attempts = attempts + 1, updated_at = now()";
export type FailedTask = Pick<CloseTaskRow, 'tenantId' | 'errorCode' | 'errorMessage' | 'attempts' | 'updatedAt'>;
export interface TaskCounts {
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  readonly held: number;
}

/** Where a close's tasks are: the outbox in PostgreSQL that BullMQ's jobs are made from (and re-made from). */
@Injectable()
export class CloseTaskRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly pg: BillingPgPool,
  ) {}

  /**
   * open → closing and one task per tenant, in one transaction; a period whose statements are all issued already
   * goes straight to closed (no tasks). A closing or closed period is left as it is (`opened` false).
   */
  async openClose(input: {
    parkId: string;
    periodId: string;
    tenantIds: readonly string[];
    by: Requester;
  }): Promise<{ period: PeriodRow; opened: boolean }> {
    const { parkId, periodId, tenantIds, by } = input;
    return this.prisma.client.$transaction(async (tx) => {
      await tx.$executeRaw`
        INSERT INTO billing_periods (park_id, id) VALUES (${parkId}, ${periodId}) ON CONFLICT DO NOTHING`;
      const changed = await tx.$queryRaw<{ status: string; closing_started_at: Date }[]>`
        UPDATE billing_periods
           SET status = CASE WHEN issued_count >= ${tenantIds.length} THEN 'closed'::"PeriodStatus"
                             ELSE 'closing'::"PeriodStatus" END,
               tenant_count = ${tenantIds.length}, closing_started_at = now(),
               closed_at = CASE WHEN issued_count >= ${tenantIds.length} THEN now() ELSE NULL END
         WHERE park_id = ${parkId} AND id = ${periodId} AND status = 'open'
        RETURNING status::text, closing_started_at`;
      if (changed[0]?.status === 'closing') {
        const closeRun = `${parkId}@${changed[0].closing_started_at.toISOString()}`;
        await tx.$executeRaw`
          INSERT INTO period_close_tasks (park_id, period_id, tenant_id, close_run, requested_by, requested_role)
          SELECT ${parkId}, ${periodId}, t, ${closeRun}, ${by.subject}, ${by.role}
            FROM unnest(${[...tenantIds]}::text[]) AS t
          ON CONFLICT DO NOTHING`;
      }
      await notifyPeriodClosedIfClosedNow(prismaAuditSql(tx), { parkId, periodId });
      const period = await tx.billingPeriod.findUnique({ where: { parkId_id: { parkId, id: periodId } } });
      if (!period) throw new Error(`billing period ${parkId}/${periodId} vanished`);
      return { period, opened: changed.length > 0 };
    });
  }

  /** Failed tasks of a closing period → pending again, each in a new round (so BullMQ gets a new job id). */
  retryFailed(parkId: string, periodId: string, by: Requester): Promise<number> {
    return this.prisma.client.$executeRaw`
      UPDATE period_close_tasks t
         SET status = 'pending', round = t.round + 1, attempts = 0, error_code = NULL, error_message = NULL,
             requested_by = ${by.subject}, requested_role = ${by.role}, updated_at = now()
        FROM billing_periods p
       WHERE p.park_id = t.park_id AND p.id = t.period_id AND p.status = 'closing'
         AND t.park_id = ${parkId} AND t.period_id = ${periodId} AND t.status = 'failed'`;
  }

  /** Pending tasks of closing periods (every park, or one period): what the queue must hold. */
  pending(scope?: { parkId: string; periodId: string }): Promise<PendingTask[]> {
    return this.prisma.client.$queryRaw<PendingTask[]>`
      SELECT t.park_id AS "parkId", t.period_id AS "periodId", t.tenant_id AS "tenantId", t.close_run AS "closeRun",
             t.round, t.requested_by AS "requestedBy", t.requested_role AS "requestedRole"
        FROM period_close_tasks t JOIN billing_periods p ON p.park_id = t.park_id AND p.id = t.period_id
       WHERE t.status = 'pending' AND p.status = 'closing'
         AND (${scope?.parkId ?? null}::text IS NULL
              OR (t.park_id = ${scope?.parkId ?? null} AND t.period_id = ${scope?.periodId ?? null}))
       ORDER BY t.park_id, t.period_id, t.tenant_id`;
  }

  /** Tasks whose statement is issued but which are not marked done (a worker stopped between the two). */
  async markIssuedDone(): Promise<number> {
    return this.prisma.client.$executeRaw`
      UPDATE period_close_tasks t SET status = 'done', error_code = NULL, error_message = NULL, updated_at = now()
        FROM statements s
       WHERE s.tenant_id = t.tenant_id AND s.period_id = t.period_id AND s.status <> 'draft' AND t.status <> 'done'`;
  }

  /**
   * The task of a close job, with the open reconciliation findings that hold it (none when an operator-admin
   * overrode the hold; see CloseHoldRepository). Once per tenant of a close: one prepared statement on the plain
   * pool (Prisma's query compiler costs about a millisecond of CPU a query).
   */
  async findForJob(key: CloseTaskKey): Promise<JobTask | null> {
    const [row] = await this.pg.query<JobTask>(
      `SELECT t.close_run AS "closeRun", t.round, t.status::text AS status,
              ARRAY(SELECT f.id FROM reconciliation_findings f JOIN reconciliation_runs r ON r.id = f.run_id
                     WHERE f.status = 'open' AND f.tenant_id = t.tenant_id AND f.period_id = t.period_id
                       AND r.park_id = t.park_id AND t.hold_overridden_at IS NULL
                     ORDER BY f.created_at, f.id) AS "blockingFindings"
         FROM period_close_tasks t
        WHERE t.park_id = $1 AND t.period_id = $2 AND t.tenant_id = $3`,
      [key.parkId, key.periodId, key.tenantId],
    );
    return row ?? null;
  }

  /** The task's statement was issued before (its own issue marks it done in the issuing transaction). */
  async markDone(key: CloseTaskKey, round: number): Promise<void> {
    await this.pg.query(
      `UPDATE period_close_tasks SET ${TASK_DONE}
        WHERE park_id = $1 AND period_id = $2 AND tenant_id = $3 AND round = $4`,
      [key.parkId, key.periodId, key.tenantId, round],
    );
  }

  /** Records an attempt's error; `final` marks the task failed (retries exhausted, or an error no retry mends). */
  async recordFailure(key: CloseTaskKey, round: number, error: { code: string; message: string; final: boolean }) {
    await this.prisma.client.periodCloseTask.updateMany({
      where: { ...key, round, status: { not: 'done' } },
      data: {
        status: error.final ? 'failed' : 'pending',
        errorCode: error.code,
        errorMessage: error.message.slice(0, 2_000),
        attempts: { increment: 1 },
        updatedAt: new Date(),
      },
    });
  }

  /** total / done (statement issued) / failed and held (and not issued) of one close. */
  async counts(parkId: string, periodId: string): Promise<TaskCounts> {
    const [row] = await this.prisma.client.$queryRaw<TaskCounts[]>`
      SELECT count(*)::int AS total,
             count(*) FILTER (WHERE s.id IS NOT NULL)::int AS done,
             count(*) FILTER (WHERE s.id IS NULL AND t.status = 'failed')::int AS failed,
             count(*) FILTER (WHERE s.id IS NULL AND t.status = 'held')::int AS held
        FROM period_close_tasks t
        LEFT JOIN statements s ON s.tenant_id = t.tenant_id AND s.period_id = t.period_id AND s.status <> 'draft'
       WHERE t.park_id = ${parkId} AND t.period_id = ${periodId}`;
    return row ?? { total: 0, done: 0, failed: 0, held: 0 };
  }

  /** The failed tasks of one close whose statement is still not issued, with their reason, up to `limit`. */
  failures(parkId: string, periodId: string, limit: number): Promise<FailedTask[]> {
    return this.prisma.client.$queryRaw<FailedTask[]>`
      SELECT t.tenant_id AS "tenantId", t.error_code AS "errorCode", t.error_message AS "errorMessage", t.attempts,
             t.updated_at AS "updatedAt"
        FROM period_close_tasks t
       WHERE t.park_id = ${parkId} AND t.period_id = ${periodId} AND t.status = 'failed'
         AND NOT EXISTS (SELECT 1 FROM statements s
                          WHERE s.tenant_id = t.tenant_id AND s.period_id = t.period_id AND s.status <> 'draft')
       ORDER BY t.tenant_id
       LIMIT ${limit}`;
  }
}
