import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { appendAuditEvent, prismaAuditSql, SYSTEM_ACTOR, type AuditActor } from '@park/audit-store';
import { ClickHouseService } from '@park/clickhouse';
import { PrismaService, type Prisma } from '@park/db';
import { skuMeteringFor, type UsageRecord } from '@park/usage-domain';
import { UsageRecordsRepository } from '@park/usage-pipeline';
import { InvalidInput, InvalidState, NotFound } from '../errors/billing.errors';
import { BillingErrorCode } from '../errors/billing-error-codes';
import { backfillKeys, validateBackfillRecords, type BackfillKey } from './backfill-records';

export type UsageBackfillRow = Prisma.UsageBackfillGetPayload<object>;

/** A backfill as the API shows it: everything but the stored records themselves. */
export type UsageBackfillView = Omit<UsageBackfillRow, 'records' | 'summary'> & { summary: BackfillKey[] };

/** What a backfill label needs of a statement line (`periodId`: the period its usage belongs to). */
export interface StatementLineRef {
  lineId: string;
  isAdjustment: boolean;
  periodId: string;
  sku: string | null;
  jobType: string | null;
}

/** A backfill whose usage adjustment lines of a statement bill. */
export interface BackfillLabel {
  backfillId: string;
  reason: string;
  approvedAt: Date;
  lineIds: string[];
}

export interface BackfillRequest {
  clusterId: string;
  reason: string;
  records: unknown[];
}

function view(row: UsageBackfillRow): UsageBackfillView {
  const { records: _records, summary, ...rest } = row;
  return { ...rest, summary: summary as unknown as BackfillKey[] };
}

/**
 * Usage older than the agents' 35-day window, brought in by an operator: requested with a reason (records
 * validated at once, kept in PostgreSQL), approved by a second operator, then written into ClickHouse exactly
 * once (records already stored are skipped, so a replayed approval or a crash between the two stores adds
 * nothing). Closed periods' new usage is billed by the rating's late-usage adjustments on the next statement.
 */
@Injectable()
export class UsageBackfillService {
  private readonly usage: UsageRecordsRepository;

  constructor(
    private readonly prisma: PrismaService,
    ch: ClickHouseService,
  ) {
    this.usage = new UsageRecordsRepository(ch, ch.database);
  }

  async request(input: BackfillRequest, actor: AuditActor = SYSTEM_ACTOR, now = Date.now()) {
    if (!input.reason?.trim()) throw new InvalidInput('backfill', [{ path: 'reason', message: 'required' }]);
    const db = this.prisma.client;
    const cluster = await db.cluster.findUnique({ where: { id: input.clusterId } });
    if (!cluster) throw new NotFound('cluster', input.clusterId);
    const [bindings, skus] = await Promise.all([
      db.clusterTenantBinding.findMany({
        where: { clusterId: input.clusterId, tenant: { status: 'active' } },
        select: { tenantId: true },
      }),
      db.sku.findMany({ select: { code: true, baseUnit: true, scalesWithDevices: true } }),
    ]);
    const id = randomUUID();
    const records = validateBackfillRecords({
      backfillId: id,
      clusterId: input.clusterId,
      records: input.records,
      boundTenants: new Set(bindings.map((b) => b.tenantId)),
      catalogue: new Map(
        skus.map((s) => [s.code, { ...skuMeteringFor(s.baseUnit), scalesWithDevices: s.scalesWithDevices }]),
      ),
      now,
    });
    const summary = backfillKeys(records);
    const data = {
      id,
      clusterId: input.clusterId,
      reason: input.reason.trim(),
      status: 'requested',
      records: records as unknown as Prisma.InputJsonValue,
      recordCount: records.length,
      tenantIds: [...new Set(records.map((r) => r.tenantId))].sort(),
      summary: summary as unknown as Prisma.InputJsonValue,
      requestedBy: actor.subject,
      requestedRole: actor.role,
    };
    const row = await db.$transaction(async (tx) => {
      const created = await tx.usageBackfill.create({ data });
      await appendAuditEvent(prismaAuditSql(tx), {
        actor,
        action: 'usage.backfill.requested',
        entityType: 'usage_backfill',
        entityId: id,
        after: { id, clusterId: data.clusterId, status: 'requested', recordCount: data.recordCount },
        payload: { reason: data.reason, tenantIds: data.tenantIds, summary },
      });
      return created;
    });
    return view(row);
  }

  /**
   * Four eyes: the approver is another operator than the requester. The backfill's row stays locked while its
   * records go into ClickHouse, so concurrent approvals run one after the other and the second finds it approved.
   */
  async approve(id: string, actor: AuditActor = SYSTEM_ACTOR): Promise<UsageBackfillView & { newlyApproved: boolean }> {
    const newlyApproved = await this.prisma.client.$transaction(
      async (tx) => {
        const [locked] = await tx.$queryRaw<{ status: string }[]>`
          SELECT status FROM usage_backfills WHERE id = ${id}::uuid FOR UPDATE`;
        if (!locked) throw new NotFound('backfill', id);
        if (locked.status === 'approved') return false;
        const row = await tx.usageBackfill.findUniqueOrThrow({ where: { id } });
        if (row.requestedBy === actor.subject)
          throw new InvalidState(
            BillingErrorCode.BACKFILL_NEEDS_SECOND_OPERATOR,
            `backfill ${id} was requested by ${actor.subject}: another operator must approve it`,
          );
        const records = row.records as unknown as UsageRecord[];
        const stored = new Set((await this.usage.findStored(records)).map((k) => `${k.clusterId}\u0000${k.eventId}`));
        const fresh = records.filter((r) => !stored.has(`${r.clusterId}\u0000${r.eventId}`));
        // 1. into ClickHouse (its rollups feed billing) 2. then the approval commits. A crash between the two
        // leaves the backfill requested; approving again finds its records stored and inserts nothing.
        if (fresh.length > 0) await this.usage.insertOutsideKafka(fresh);
        const approvedAt = new Date();
        await tx.usageBackfill.update({
          where: { id },
          data: {
            status: 'approved',
            approvedBy: actor.subject,
            approvedRole: actor.role,
            approvedAt,
            inserted: fresh.length,
            alreadyStored: records.length - fresh.length,
          },
        });
        await appendAuditEvent(prismaAuditSql(tx), {
          actor,
          action: 'usage.backfill.approved',
          entityType: 'usage_backfill',
          entityId: id,
          before: { id, status: 'requested', requestedBy: row.requestedBy },
          after: { id, status: 'approved', inserted: fresh.length, alreadyStored: records.length - fresh.length },
          payload: { reason: row.reason, tenantIds: row.tenantIds, summary: row.summary },
        });
        return true;
      },
      { maxWait: 10_000, timeout: 120_000 },
    );
    return { ...(await this.get(id)), newlyApproved };
  }

  async get(id: string): Promise<UsageBackfillView> {
    const row = await this.prisma.client.usageBackfill.findUnique({ where: { id } });
    if (!row) throw new NotFound('backfill', id);
    return view(row);
  }

  async list(filter: { status?: 'requested' | 'approved' } = {}): Promise<UsageBackfillView[]> {
    const rows = await this.prisma.client.usageBackfill.findMany({
      where: filter.status ? { status: filter.status } : {},
      orderBy: { requestedAt: 'desc' },
      take: 200,
    });
    return rows.map(view);
  }

  /**
   * The approved backfills of a tenant whose usage a statement's adjustment lines bill: approved after the
   * tenant's previous statement was issued and up to this one (`until`; null for a draft), matched by
   * usage period × SKU × job type (a backfill that found all its records stored brought nothing). Read-only
   * labels: nothing of an issued statement is changed.
   */
  async landedOn(input: {
    tenantId: string;
    lines: readonly StatementLineRef[];
    after: Date | null;
    until: Date | null;
  }): Promise<BackfillLabel[]> {
    const adjustments = input.lines.filter((l) => l.isAdjustment);
    if (adjustments.length === 0) return [];
    const rows = await this.prisma.client.usageBackfill.findMany({
      where: {
        status: 'approved',
        inserted: { gt: 0 },
        tenantIds: { has: input.tenantId },
        approvedAt: { ...(input.after ? { gt: input.after } : {}), ...(input.until ? { lte: input.until } : {}) },
      },
      orderBy: { approvedAt: 'asc' },
    });
    return rows.flatMap((row) => {
      const keys = (row.summary as unknown as BackfillKey[]).filter((k) => k.tenantId === input.tenantId);
      const lineIds = adjustments
        .filter((l) => keys.some((k) => k.periodId === l.periodId && k.sku === l.sku && k.jobType === l.jobType))
        .map((l) => l.lineId);
      return lineIds.length > 0 && row.approvedAt
        ? [{ backfillId: row.id, reason: row.reason, approvedAt: row.approvedAt, lineIds }]
        : [];
    });
  }
}
