import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { AuditStore, SYSTEM_ACTOR, type AuditActor } from '@park/audit-store';
import { DomainError, ValidationError, isPeriodId, periodBounds } from '@park/billing-domain';
import { InvalidInput, NotFound, PeriodNotOver, QueueUnavailable } from '../errors/billing.errors';
import { PeriodRepository, type PeriodRow } from '../repositories/period.repository';
import { TenantRepository } from '../repositories/tenant.repository';
import { ParkService } from '../services/park.service';
import { StatementService } from '../services/statement.service';
import { CloseTaskRepository } from './close-task.repository';
import { CloseHoldRepository, type HeldTask } from './close-hold.repository';
import { PeriodCloseQueue, closeJobOf, type CloseTenantJob } from './period-close.queue';

/** A close's progress: tenants by state, each failure with its reason, each hold with its open findings. */
export interface CloseProgress {
  readonly parkId: string;
  readonly periodId: string;
  readonly status: PeriodRow['status'];
  readonly closingStartedAt: Date | null;
  readonly closedAt: Date | null;
  readonly tenants: { total: number; done: number; pending: number; failed: number; held: number };
  readonly failures: readonly CloseFailure[];
  readonly holds: readonly HeldTask[];
}

export interface CloseFailure {
  readonly tenantId: string;
  readonly code: string;
  readonly message: string;
  readonly attempts: number;
  readonly at: Date;
}

export type StartedClose = PeriodRow & { enqueued: number; retried: number; queued: boolean };

export type CloseTenantOutcome = { statementId?: string; newlyIssued: boolean; skipped?: string };

const FAILURES_SHOWN = 200;

/**
 * Period close: open → closing (one task per active tenant, in PostgreSQL, and one BullMQ job per task, each issuing
 * that tenant's statement) → closed (set by the issuing transaction of the last statement). The tasks are the truth:
 * the jobs are made from them, again by the sweeper when Redis lost them. Re-running a close re-adds the same job
 * ids, so it is harmless; it retries the failed tasks; the statements themselves are issued once whatever happens.
 */
@Injectable()
export class PeriodCloseService {
  private readonly logger = new Logger('period-close');

  constructor(
    private readonly periods: PeriodRepository,
    private readonly tenants: TenantRepository,
    private readonly statements: StatementService,
    private readonly queue: PeriodCloseQueue,
    private readonly tasks: CloseTaskRepository,
    private readonly audit: AuditStore,
    private readonly parks: ParkService,
    private readonly holds: CloseHoldRepository,
  ) {}

  /**
   * Starts the close, or retries its failed tenants when it is under way. Redis must answer first (else
   * QueueUnavailable and nothing changed). `actor`: who asks; recorded on the close and on every statement it issues.
   */
  async startClose(input: { parkId: string; periodId: string; now?: Date; actor?: AuditActor }): Promise<StartedClose> {
    const { parkId, periodId } = input;
    const actor = input.actor ?? SYSTEM_ACTOR;
    if (!isPeriodId(periodId)) {
      const issue = { path: 'periodId', message: `${periodId} is not a period id (YYYY-MM)` };
      throw new InvalidInput('period close', [issue]);
    }
    if (periodBounds(periodId).end.getTime() > (input.now ?? new Date()).getTime()) throw new PeriodNotOver(periodId);
    // only a registered park has periods: a typo must not start a close of a park nobody has
    if (!(await this.parks.exists(parkId))) throw new NotFound('park', parkId);
    const before = await this.periods.find(parkId, periodId);
    if (before?.status === 'closed') return { ...before, enqueued: 0, retried: 0, queued: true };
    await this.queue.ping('close period');
    const by = { subject: actor.subject, role: actor.role };
    let retried = 0;
    if (before?.status === 'closing') {
      retried = await this.tasks.retryFailed(parkId, periodId, by);
      if (retried > 0) {
        const entityId = `${parkId}/${periodId}`;
        const payload = { retried };
        await this.audit.record({ actor, action: 'period.close.retry', entityType: 'period', entityId, payload });
      }
    } else {
      const tenantIds = await this.tenants.activeIds(parkId);
      const { period, opened } = await this.tasks.openClose({ parkId, periodId, tenantIds, by });
      if (opened) {
        await this.audit.record({
          actor,
          action: 'period.close',
          entityType: 'period',
          entityId: `${parkId}/${periodId}`,
          after: { parkId, periodId, status: period.status, tenantCount: tenantIds.length },
          payload: { tenants: tenantIds.length },
        });
      }
      if (period.status === 'closed') return { ...period, enqueued: 0, retried: 0, queued: true };
    }
    const { enqueued, queued } = await this.queuePending({ parkId, periodId });
    return { ...(await this.get(parkId, periodId)), enqueued, retried, queued };
  }

  /** The close is recorded: a queue that failed since the ping only delays it (the sweeper queues it later). */
  private async queuePending(scope: { parkId: string; periodId: string }) {
    const pending = await this.tasks.pending(scope);
    try {
      await this.queue.enqueue(pending.map(closeJobOf));
      return { enqueued: pending.length, queued: true };
    } catch (error) {
      if (!(error instanceof QueueUnavailable)) throw error;
      return { enqueued: 0, queued: false };
    }
  }

  /**
   * Re-queues what PostgreSQL says is pending (idempotent: a job that exists is left as it is). Run by the worker at
   * start-up, on every reconnection to Redis and by the repeatable sweeper job.
   */
  async sweep(): Promise<{ markedDone: number; pending: number }> {
    const markedDone = await this.tasks.markIssuedDone();
    await this.holds.release(); // held tasks whose findings were all resolved (their own release may have failed)
    const pending = await this.tasks.pending();
    await this.queue.enqueue(pending.map(closeJobOf), 'sweep close tasks');
    return { markedDone, pending: pending.length };
  }

  /**
   * The job handler's work: issue the tenant's statement (idempotent) and mark its task done. A job of an older
   * round or run does nothing. A domain error (a missing price, …) fails the task at once, since retrying cannot
   * mend it; any other error is retried with back-off and fails the task on the last attempt. Both keep the reason.
   */
  async closeTenant(job: CloseTenantJob, attempt: { made: number; max: number }): Promise<CloseTenantOutcome> {
    const key = { parkId: job.parkId, periodId: job.periodId, tenantId: job.tenantId };
    const task = await this.tasks.findForJob(key);
    const current = task && task.closeRun === job.closeRun && task.round === job.round;
    if (!task || !current) return { newlyIssued: false, skipped: 'superseded' };
    if (task.status !== 'pending') return { newlyIssued: false, skipped: task.status };
    if (task.blockingFindings.length > 0) {
      await this.holds.markHeld(key, job.round);
      return { newlyIssued: false, skipped: 'held' };
    }
    try {
      const actor = job.requestedBy ?? SYSTEM_ACTOR;
      const { tenantId, periodId, closeRun, round } = job;
      // a new statement marks the task done in its issuing transaction; one issued before is marked here
      const outcome = await this.statements.issueStatement(tenantId, periodId, {
        closeRun,
        closeTaskRound: round,
        actor,
      });
      if (!outcome.newlyIssued) await this.tasks.markDone(key, round);
      return outcome;
    } catch (error) {
      const deterministic = error instanceof DomainError || error instanceof ValidationError;
      const code = error instanceof DomainError ? error.code : deterministic ? 'INVALID_INPUT' : 'UNEXPECTED_ERROR';
      const message = error instanceof Error ? error.message : String(error);
      const final = deterministic || attempt.made + 1 >= attempt.max;
      await this.tasks.recordFailure(key, job.round, { code, message, final });
      throw deterministic ? new UnrecoverableError(`${code}: ${message}`) : error;
    }
  }

  async progress(parkId: string, periodId: string): Promise<CloseProgress> {
    const period = await this.get(parkId, periodId);
    const counts = await this.tasks.counts(parkId, periodId);
    // no close yet: nothing to count; a close recorded before the tasks existed: the period's own counters
    const legacy = counts.total === 0 && period.status !== 'open';
    const total = legacy ? period.tenantCount : counts.total;
    const done = legacy ? Math.min(period.issuedCount, period.tenantCount) : counts.done;
    const held = counts.held;
    const failures = (await this.tasks.failures(parkId, periodId, FAILURES_SHOWN)).map((t) => ({
      tenantId: t.tenantId,
      code: t.errorCode ?? 'UNKNOWN',
      message: t.errorMessage ?? '',
      attempts: t.attempts,
      at: t.updatedAt,
    }));
    return {
      parkId,
      periodId,
      status: period.status,
      closingStartedAt: period.closingStartedAt,
      closedAt: period.closedAt,
      tenants: { total, done, pending: Math.max(0, total - done - counts.failed - held), failed: counts.failed, held },
      failures,
      holds: await this.holds.held(parkId, periodId, FAILURES_SHOWN),
    };
  }

  async get(parkId: string, periodId: string): Promise<PeriodRow> {
    const p = await this.periods.find(parkId, periodId);
    if (!p) throw new NotFound('period', `${parkId}/${periodId}`);
    return p;
  }

  list(parkId: string): Promise<PeriodRow[]> {
    return this.periods.list(parkId);
  }

  /**
   * Polls until the period is closed (demo, bench and tests wait for the close they started). A read that fails
   * (PostgreSQL restarting) is tried again at the next poll: the close itself goes on through its jobs' retries.
   */
  async waitUntilClosed(parkId: string, periodId: string, timeoutMs: number): Promise<PeriodRow> {
    const deadline = Date.now() + timeoutMs;
    let p: PeriodRow | null = null;
    for (;;) {
      p = await this.periods.find(parkId, periodId).catch(() => p);
      if (p?.status === 'closed') return p;
      if (Date.now() > deadline)
        throw new Error(
          `period ${parkId}/${periodId} not closed after ${timeoutMs} ms ` +
            `(${p?.issuedCount ?? 0}/${p?.tenantCount ?? '?'} statements issued)`,
        );
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
