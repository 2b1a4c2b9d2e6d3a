import { Injectable } from '@nestjs/common';
import { AuditStore, SYSTEM_ACTOR, type AuditActor } from '@park/audit-store';
import { isPeriodId, periodBounds } from '@park/billing-domain';
import { InvalidInput, NotFound, PeriodNotOver } from '../errors/billing.errors';
import { PeriodRepository, type PeriodRow } from '../repositories/period.repository';
import { TenantRepository } from '../repositories/tenant.repository';
import { StatementService } from '../services/statement.service';
import { PeriodCloseQueue, type CloseTenantJob } from './period-close.queue';

/**
 * Period close: open → closing (one BullMQ job per active tenant, each issuing that tenant's statement) →
 * closed (set by the issuing transaction of the last statement). Re-running a close re-enqueues the same job
 * ids, so it is harmless; the statements themselves are issued once whatever happens.
 */
@Injectable()
export class PeriodCloseService {
  constructor(
    private readonly periods: PeriodRepository,
    private readonly tenants: TenantRepository,
    private readonly statements: StatementService,
    private readonly queue: PeriodCloseQueue,
    private readonly audit: AuditStore,
  ) {}

  /** `actor`: who asks; recorded on the close and, through the jobs, on every statement they issue. */
  async startClose(input: { parkId: string; periodId: string; now?: Date; actor?: AuditActor }): Promise<PeriodRow & { enqueued: number }> {
    const { parkId, periodId } = input;
    const actor = input.actor ?? SYSTEM_ACTOR;
    if (!isPeriodId(periodId)) throw new InvalidInput('period close', [{ path: 'periodId', message: `${periodId} is not a period id (YYYY-MM)` }]);
    if (periodBounds(periodId).end.getTime() > (input.now ?? new Date()).getTime()) throw new PeriodNotOver(periodId);
    const tenantIds = await this.tenants.activeIds(parkId);
    const period = await this.periods.startClosing(parkId, periodId, tenantIds.length);
    if (period.status === 'closed') return { ...period, enqueued: 0 };
    const closeRun = `${parkId}@${(period.closingStartedAt ?? new Date()).toISOString()}`;
    await this.audit.record({
      actor, action: 'period.close', entityType: 'period', entityId: `${parkId}/${periodId}`,
      after: { parkId, periodId, status: period.status, tenantCount: tenantIds.length, closeRun }, payload: { closeRun, tenants: tenantIds.length },
    });
    const requestedBy = { subject: actor.subject, role: actor.role };
    await this.queue.enqueue(tenantIds.map((tenantId) => ({ parkId, periodId, tenantId, closeRun, requestedBy })));
    return { ...period, enqueued: tenantIds.length };
  }

  /** The job handler's work: issue the tenant's statement (idempotent). */
  async closeTenant(job: CloseTenantJob): Promise<{ statementId: string; newlyIssued: boolean }> {
    return this.statements.issueStatement(job.tenantId, job.periodId, { closeRun: job.closeRun, actor: job.requestedBy ?? SYSTEM_ACTOR });
  }

  async get(parkId: string, periodId: string): Promise<PeriodRow> {
    const p = await this.periods.find(parkId, periodId);
    if (!p) throw new NotFound('period', `${parkId}/${periodId}`);
    return p;
  }

  list(parkId: string): Promise<PeriodRow[]> {
    return this.periods.list(parkId);
  }

  /** Polls until the period is closed (demo, bench and tests wait for the close they started). */
  async waitUntilClosed(parkId: string, periodId: string, timeoutMs: number): Promise<PeriodRow> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = await this.periods.find(parkId, periodId);
      if (p?.status === 'closed') return p;
      if (Date.now() > deadline) throw new Error(`period ${parkId}/${periodId} not closed after ${timeoutMs} ms (${p?.issuedCount ?? 0}/${p?.tenantCount ?? '?'} statements issued)`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
