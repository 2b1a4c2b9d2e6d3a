import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { AuditStore, SYSTEM_ACTOR, prismaAuditSql, type AuditActor } from '@park/audit-store';
import { CloseHoldService, InvalidInput } from '@park/billing';
import { ClickHouseService } from '@park/clickhouse';
import { PrismaService } from '@park/db';
import { KafkaService, consumerGroup, topicName } from '@park/kafka';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { ReconciliationQueries } from '@park/usage-pipeline';
import { BillingReconciliations } from './billing-reconciliations';
import {
  DEFAULT_PIPELINE_THRESHOLDS,
  checkRunInput,
  countsOf,
  pipelineHealth,
  runBounds,
  type KindCounts,
  type KindOutcome,
  type PartitionLag,
  type PipelineThresholds,
  type ReconciliationKind,
  type RunInput,
} from './domain';
import { readConsumerLag } from './pipeline-lag.reader';
import { FindingAlreadyResolved, ReconciliationNotFound } from './reconciliation.errors';
import { ReconciliationQueue } from './reconciliation.queue';
import { ReconciliationRunRepository } from './reconciliation-run.repository';
import { UsageReconciliations, type RunWindow } from './usage-reconciliations';

export interface StartRunRequest {
  readonly parkId?: unknown;
  readonly kinds?: unknown;
  readonly fromDay?: unknown;
  readonly toDay?: unknown;
  readonly thresholds?: Partial<PipelineThresholds>;
}

/** What a finished run answers: per kind matched / mismatched / missing, and its findings. */
export interface RunSummary {
  readonly id: string;
  readonly status: string;
  readonly counts: Partial<Record<ReconciliationKind, KindCounts>>;
  readonly findings: number;
}

/**
 * Reconciliation runs: started by the API (or, later, a scheduler) as a PostgreSQL row and a BullMQ job; the job
 * (`execute`) runs each kind, stores every finding with both numbers, and the counts per kind.
 */
@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger('reconciliation');
  private readonly queries: ReconciliationQueries;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runs: ReconciliationRunRepository,
    private readonly queue: ReconciliationQueue,
    private readonly audit: AuditStore,
    private readonly prisma: PrismaService,
    private readonly holds: CloseHoldService,
    clickhouse: ClickHouseService,
    @Optional() private readonly kafka?: KafkaService,
  ) {
    this.queries = new ReconciliationQueries(clickhouse.client, clickhouse.database);
  }

  /** Validates (every bad field named at once), records the run, enqueues its job. */
  async startRun(request: StartRunRequest, actor: AuditActor = SYSTEM_ACTOR): Promise<{ id: string }> {
    const checked = checkRunInput(request);
    if (!checked.ok) throw new InvalidInput('reconciliation run', checked.issues);
    const thresholds = { ...DEFAULT_PIPELINE_THRESHOLDS, ...request.thresholds };
    const id = await this.runs.create(checked.input, thresholds, `${actor.subject} (${actor.role})`);
    await this.queue.enqueue(id);
    return { id };
  }

  /** The job's work. Idempotent: a retried run replaces the findings of the attempt before. */
  async execute(runId: string): Promise<RunSummary> {
    const run = await this.runs.find(runId);
    if (!run) throw new ReconciliationNotFound('run', runId);
    await this.runs.markRunning(runId);
    try {
      const input: RunInput = {
        parkId: run.parkId,
        kinds: run.kinds as ReconciliationKind[],
        fromDay: run.fromDay,
        toDay: run.toDay,
      };
      const outcomes = await this.reconcile(input, run.thresholds as unknown as PipelineThresholds);
      const counts = Object.fromEntries(outcomes.map((o) => [o.kind, countsOf(o)])) as Partial<
        Record<ReconciliationKind, KindCounts>
      >;
      const findings = outcomes.flatMap((o) => o.findings);
      await this.runs.complete(runId, counts, findings);
      return { id: runId, status: 'completed', counts, findings: findings.length };
    } catch (error) {
      await this.runs
        .markFailed(runId, error instanceof Error ? `${error.name}: ${error.message}` : String(error))
        .catch(() => undefined);
      throw error;
    }
  }

  /** Runs the kinds asked for, one after the other (each is a few queries; ClickHouse parallelises inside each). */
  async reconcile(
    input: RunInput,
    thresholds: PipelineThresholds = DEFAULT_PIPELINE_THRESHOLDS,
  ): Promise<KindOutcome[]> {
    const { from, to } = runBounds(input);
    const window: RunWindow = { from: from.getTime(), to: to.getTime() };
    const usage = new UsageReconciliations(this.queries);
    const billing = new BillingReconciliations(this.prisma.client, this.queries);
    const kinds: Record<ReconciliationKind, () => Promise<KindOutcome>> = {
      manifests: () => usage.manifests(window),
      rollups: () => usage.rollups(window),
      statements: () => billing.statements(input.parkId, window),
      ledger: () => billing.ledger(input.parkId),
      claims: () => billing.claims(input.parkId),
      pipeline: async () =>
        pipelineHealth({
          lags: await this.lags(),
          rejections: await this.queries.arrivals(window.from, window.to),
          thresholds,
        }),
    };
    const out: KindOutcome[] = [];
    for (const kind of input.kinds) out.push(await kinds[kind]());
    return out;
  }

  async getRun(id: string) {
    const run = await this.runs.find(id);
    if (!run) throw new ReconciliationNotFound('run', id);
    const findings = await this.runs.findings({ runId: id });
    return { ...run, findings };
  }

  /** Polls until the run is completed or failed (the demo, the bench and tests wait for the run they started). */
  async waitUntilDone(id: string, timeoutMs: number) {
    for (const deadline = Date.now() + timeoutMs; ;) {
      const run = await this.runs.find(id);
      if (!run) throw new ReconciliationNotFound('run', id);
      if (run.status === 'completed' || run.status === 'failed') return run;
      if (Date.now() > deadline)
        throw new Error(`reconciliation run ${id} not done after ${timeoutMs} ms (status ${run.status})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  findings(filter: { status?: 'open' | 'resolved'; parkId?: string }) {
    return this.runs.findings(filter);
  }

  /**
   * Resolves an open finding with a reason; the audit event is written in the same transaction. The last open
   * finding of a tenant-period releases its held statement (queued again).
   */
  async resolve(id: string, reason: string, actor: AuditActor) {
    const finding = await this.runs.findFinding(id);
    if (!finding) throw new ReconciliationNotFound('finding', id);
    const resolved = await this.runs.resolve(id, `${actor.subject} (${actor.role})`, reason, (tx) =>
      this.audit.append(prismaAuditSql(tx), {
        actor,
        action: 'reconciliation.finding.resolve',
        entityType: 'reconciliation_finding',
        entityId: id,
        before: {
          id,
          status: 'open',
          kind: finding.kind,
          check: finding.check,
          expected: finding.expected,
          observed: finding.observed,
        },
        after: { id, status: 'resolved', reason },
        payload: { runId: finding.runId, tenantId: finding.tenantId, periodId: finding.periodId, reason },
      }),
    );
    if (!resolved) throw new FindingAlreadyResolved(id);
    const run = await this.runs.find(finding.runId);
    if (run && finding.tenantId && finding.periodId) {
      await this.holds.releaseIfClear({ parkId: run.parkId, periodId: finding.periodId, tenantId: finding.tenantId });
    }
    return this.runs.findFinding(id);
  }

  /** The usage sink's lag per partition; none (and a warning) when this app has no Kafka connection. */
  private async lags(): Promise<PartitionLag[]> {
    if (!this.kafka) {
      this.logger.warn('pipeline: no Kafka connection in this app; consumer lag not measured');
      return [];
    }
    return readConsumerLag(
      this.kafka.kafka,
      topicName(this.config.kafka, 'usageRecords'),
      consumerGroup(this.config.kafka, 'usageSink'),
    );
  }
}
