import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { periodOf as billingPeriodOf } from '@park/billing-domain';
import { prismaAuditSql } from '@park/audit-store';
import { PrismaService, type Prisma } from '@park/db';
import { notifyReconciliationFindings } from '@park/notifications';
import type { Finding, KindCounts, PipelineThresholds, ReconciliationKind, RunInput } from './domain';

export type RunStatus = 'queued' | 'running' | 'completed' | 'failed';

/** Runs and findings in PostgreSQL: what the API shows and what a hold (later) looks up by tenant and period. */
@Injectable()
export class ReconciliationRunRepository {
  constructor(private readonly prisma: PrismaService) {}

  private get db() {
    return this.prisma.client;
  }

  async create(input: RunInput, thresholds: PipelineThresholds, requestedBy: string): Promise<string> {
    return (await this.createOnce(`rcn_${randomUUID()}`, input, thresholds, requestedBy)).id;
  }

  /** A run with an id of the caller's (a scheduled day's), created once: twice gives the row the first made. */
  async createOnce(id: string, input: RunInput, thresholds: PipelineThresholds, requestedBy: string) {
    await this.db.reconciliationRun.createMany({
      data: [
        {
          id,
          parkId: input.parkId,
          kinds: [...input.kinds],
          fromDay: input.fromDay,
          toDay: input.toDay,
          thresholds: { ...thresholds },
          requestedBy,
        },
      ],
      skipDuplicates: true,
    });
    const run = await this.find(id);
    if (!run) throw new Error(`reconciliation run ${id} vanished`);
    return run;
  }

  find(id: string) {
    return this.db.reconciliationRun.findUnique({ where: { id } });
  }

  async markRunning(id: string): Promise<void> {
    await this.db.reconciliationRun.update({
      where: { id },
      data: { status: 'running', startedAt: new Date(), error: null },
    });
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.db.reconciliationRun.update({
      where: { id },
      data: { status: 'failed', error, finishedAt: new Date() },
    });
  }

  /** The run's findings and counts in one transaction; a retried run replaces what an earlier attempt wrote. */
  async complete(
    id: string,
    counts: Partial<Record<ReconciliationKind, KindCounts>>,
    findings: readonly Finding[],
  ): Promise<void> {
    // the billing period (Asia/Shanghai month) a finding touches, so a hold on a tenant-period can find it
    const periodOf = (f: Finding) => {
      const instant = f.subject.hour ?? (f.subject.day ? `${f.subject.day}T00:00:00Z` : undefined);
      return f.subject.periodId ?? (instant ? billingPeriodOf(new Date(instant)) : null);
    };
    await this.db.$transaction(
      async (tx) => {
        await tx.reconciliationFinding.deleteMany({ where: { runId: id } });
        for (let i = 0; i < findings.length; i += 1_000) {
          await tx.reconciliationFinding.createMany({
            data: findings.slice(i, i + 1_000).map((f) => ({
              id: `fnd_${randomUUID()}`,
              runId: id,
              kind: f.kind,
              check: f.check,
              state: f.state,
              clusterId: f.subject.clusterId ?? null,
              day: f.subject.day ?? null,
              tenantId: f.subject.tenantId ?? null,
              periodId: periodOf(f),
              subject: f.subject as Prisma.InputJsonValue,
              expected: f.expected,
              observed: f.observed,
              difference: f.difference,
              message: f.message,
            })),
          });
        }
        await tx.reconciliationRun.update({
          where: { id },
          data: { status: 'completed', counts: counts as Prisma.InputJsonValue, finishedAt: new Date() },
        });
        await notifyReconciliationFindings(prismaAuditSql(tx), { runId: id, findings });
      },
      { maxWait: 10_000, timeout: 60_000 },
    );
  }

  findings(where: { runId?: string; status?: 'open' | 'resolved'; parkId?: string }, take = 1_000) {
    return this.db.reconciliationFinding.findMany({
      where: { runId: where.runId, status: where.status, ...(where.parkId ? { run: { parkId: where.parkId } } : {}) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take,
    });
  }

  findFinding(id: string) {
    return this.db.reconciliationFinding.findUnique({ where: { id } });
  }

  /** Resolves an open finding; false when it was not open (resolved meanwhile). The audit event goes in the same transaction. */
  async resolve(
    id: string,
    by: string,
    reason: string,
    audit: (tx: Prisma.TransactionClient) => Promise<unknown>,
  ): Promise<boolean> {
    return this.db.$transaction(
      async (tx) => {
        const done = await tx.reconciliationFinding.updateMany({
          where: { id, status: 'open' },
          data: { status: 'resolved', resolvedAt: new Date(), resolvedBy: by, resolution: reason },
        });
        if (done.count === 0) return false;
        await audit(tx);
        return true;
      },
      { maxWait: 10_000, timeout: 10_000 },
    );
  }
}
