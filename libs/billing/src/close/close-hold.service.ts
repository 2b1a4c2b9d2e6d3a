import { Injectable, Logger } from '@nestjs/common';
import { AuditStore, prismaAuditSql, type AuditActor } from '@park/audit-store';
import { isPeriodId } from '@park/billing-domain';
import { BillingErrorCode } from '../errors/billing-error-codes';
import { InvalidInput, InvalidState, QueueUnavailable } from '../errors/billing.errors';
import { CloseHoldRepository } from './close-hold.repository';
import type { CloseTaskKey, PendingTask } from './close-task.repository';
import { PeriodCloseQueue, closeJobOf } from './period-close.queue';

export interface HoldOverride extends CloseTaskKey {
  readonly reason: string;
  readonly actor: AuditActor;
}

/** The answer to an override: the task is pending again (queued now, or by the sweeper when Redis is away). */
export interface ReleasedHold extends CloseTaskKey {
  readonly status: 'pending';
  readonly findingIds: string[];
  readonly queued: boolean;
}

/**
 * Releases held statements: after an operator-admin resolves the last open finding on a tenant-period, or overrides
 * its hold with a reason (an audit event, in the transaction that records the override). The released task is
 * queued at once; if Redis is away, the close sweeper queues it (the task in PostgreSQL is the truth).
 */
@Injectable()
export class CloseHoldService {
  private readonly logger = new Logger('close-holds');

  constructor(
    private readonly holds: CloseHoldRepository,
    private readonly queue: PeriodCloseQueue,
    private readonly audit: AuditStore,
  ) {}

  async override(input: HoldOverride): Promise<ReleasedHold> {
    const { parkId, periodId, tenantId, reason, actor } = input;
    if (!isPeriodId(periodId)) {
      throw new InvalidInput('hold override', [{ path: 'periodId', message: `${periodId} is not a period id` }]);
    }
    const key = { parkId, periodId, tenantId };
    let findingIds: string[] = [];
    const released = await this.holds.override(key, `${actor.subject} (${actor.role})`, reason, (tx, ids) => {
      findingIds = ids;
      return this.audit.append(prismaAuditSql(tx), {
        actor,
        action: 'period.hold.override',
        entityType: 'period_close_task',
        entityId: `${parkId}/${periodId}/${tenantId}`,
        before: { status: 'held', findingIds: ids },
        after: { status: 'pending', reason },
        payload: { parkId, periodId, tenantId, reason, findingIds: ids },
      });
    });
    if (!released) {
      const message = `the statement of tenant ${tenantId} for period ${periodId} (park ${parkId}) is not held`;
      throw new InvalidState(BillingErrorCode.NOT_HELD, message);
    }
    return { ...key, status: 'pending', findingIds, queued: await this.enqueue([released]) };
  }

  /** Releases the tenant-period's held task if nothing holds it any more (its last finding was resolved). */
  async releaseIfClear(key: CloseTaskKey): Promise<number> {
    const released = await this.holds.release(key);
    await this.enqueue(released);
    return released.length;
  }

  private async enqueue(tasks: readonly PendingTask[]): Promise<boolean> {
    try {
      await this.queue.enqueue(tasks.map(closeJobOf), 'queue released holds');
      return true;
    } catch (error) {
      if (!(error instanceof QueueUnavailable)) throw error;
      this.logger.warn(`released holds not queued (${error.message}); the close sweeper will queue them`);
      return false;
    }
  }
}
