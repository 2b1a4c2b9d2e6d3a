import { Inject, Injectable, Logger } from '@nestjs/common';
import { SYSTEM_ACTOR } from '@park/audit-store';
import { PeriodCloseService } from '@park/billing';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { PrismaService } from '@park/db';
import {
  DEFAULT_PIPELINE_THRESHOLDS,
  RECONCILIATION_KINDS,
  graceEnds,
  lastWholeUtcDay,
  missingWatermarkFinding,
  previousPeriod,
  watermarkDay,
} from '../domain';
import { ReconciliationQueue } from '../reconciliation.queue';
import { ReconciliationRunRepository } from '../reconciliation-run.repository';
import { IngestionWatermark } from './ingestion-watermark';

const SCHEDULER = 'scheduler (system)';

export interface DailyRun {
  readonly parkId: string;
  readonly runId: string;
  /** false: the day's run existed already (a second tick, another worker); nothing was started. */
  readonly started: boolean;
}

export type MonthlyClose =
  | { readonly parkId: string; readonly periodId: string; readonly outcome: 'already' | 'held' | 'no_tenants' }
  | { readonly parkId: string; readonly periodId: string; readonly outcome: 'waiting'; readonly missing: string[] }
  | {
      readonly parkId: string;
      readonly periodId: string;
      readonly outcome: 'closing';
      /** The clusters the close went without (grace passed), named by the finding `findingRunId` holds. */
      readonly missing: string[];
      readonly findingRunId?: string;
    };

/**
 * The work of the scheduled jobs (issue 14 item 2). Both are idempotent, so a tick that runs twice (two workers,
 * a retry) changes nothing the second time: a scheduled run's id is its park and day, and the close starts only
 * from an open period (PostgreSQL moves it to closing once, under a row lock).
 */
@Injectable()
export class ScheduledJobsService {
  private readonly logger = new Logger('schedules');
  /** Parks whose monthly close waits for whoever set them up (see `hold`). */
  private readonly held = new Set<string>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly runs: ReconciliationRunRepository,
    private readonly queue: ReconciliationQueue,
    private readonly close: PeriodCloseService,
    private readonly watermark: IngestionWatermark,
  ) {}

  /** Every kind over the last whole UTC day, once per park and day. */
  async daily(now = new Date()): Promise<DailyRun[]> {
    const day = lastWholeUtcDay(now);
    const out: DailyRun[] = [];
    for (const parkId of await this.parks()) {
      const input = { parkId, kinds: [...RECONCILIATION_KINDS], fromDay: day, toDay: day };
      const runId = `rcn_daily_${parkId}_${day}`;
      const run = await this.runs.createOnce(runId, input, DEFAULT_PIPELINE_THRESHOLDS, SCHEDULER);
      const started = run.status === 'queued';
      // job id = run id: a run whose job is queued already gets no second one
      if (started) await this.queue.enqueue(runId);
      out.push({ parkId, runId, started });
    }
    this.logger.log(`daily reconciliation of ${day}: ${out.filter((r) => r.started).length} run(s) queued`);
    return out;
  }

  /**
   * The previous period of each park: closes it once every active cluster's manifest for its last day is in; after
   * the grace period it closes anyway, leaving a finding that names the clusters that were missing.
   */
  async monthly(now = new Date()): Promise<MonthlyClose[]> {
    const periodId = previousPeriod(now);
    const out: MonthlyClose[] = [];
    for (const parkId of await this.parks()) {
      if (this.held.has(parkId)) {
        out.push({ parkId, periodId, outcome: 'held' });
        continue;
      }
      // a park with no active tenant has nothing to bill: closing its month now would shut out the tenants it is
      // about to get (a new park, the demo's before it seeds) for good
      if ((await this.prisma.client.tenant.count({ where: { parkId, status: 'active' } })) === 0) {
        out.push({ parkId, periodId, outcome: 'no_tenants' });
        continue;
      }
      const period = await this.prisma.client.billingPeriod.findUnique({
        where: { parkId_id: { parkId, id: periodId } },
      });
      if (period && period.status !== 'open') {
        out.push({ parkId, periodId, outcome: 'already' });
        continue;
      }
      const { active, missing } = await this.watermark.of(parkId, watermarkDay(periodId));
      const graceDays = this.config.schedules.closeGraceDays;
      if (missing.length > 0 && now.getTime() < graceEnds(periodId, graceDays).getTime()) {
        this.logger.log(`close of ${parkId}/${periodId} waits for the manifests of ${missing.join(', ')}`);
        out.push({ parkId, periodId, outcome: 'waiting', missing });
        continue;
      }
      const findingRunId = missing.length > 0 ? await this.recordMissing(parkId, periodId, active, missing) : undefined;
      await this.close.startClose({ parkId, periodId, now, actor: SYSTEM_ACTOR });
      out.push({ parkId, periodId, outcome: 'closing', missing, ...(findingRunId ? { findingRunId } : {}) });
    }
    return out;
  }

  /**
   * Keeps this process's monthly ticks off a park until the returned function is called: the demo seeds its park,
   * loads a month and closes it itself, and a tick due meanwhile (one missed while the park was down runs at once
   * on start) would close the period with the tenants and usage seeded so far.
   */
  hold(parkId: string): () => void {
    this.held.add(parkId);
    return () => this.held.delete(parkId);
  }

  /** The finding of a close that went without some manifests, in a completed run of its own (once per period). */
  private async recordMissing(parkId: string, periodId: string, active: string[], missing: string[]) {
    const day = watermarkDay(periodId);
    const runId = `rcn_watermark_${parkId}_${periodId}`;
    const input = { parkId, kinds: ['manifests' as const], fromDay: day, toDay: day };
    const run = await this.runs.createOnce(runId, input, DEFAULT_PIPELINE_THRESHOLDS, SCHEDULER);
    if (run.status !== 'completed') {
      const graceDays = this.config.schedules.closeGraceDays;
      const finding = missingWatermarkFinding({
        periodId,
        activeClusters: active,
        missingClusters: missing,
        graceDays,
      });
      const counts = { manifests: { matched: active.length - missing.length, mismatched: 0, missing: 1 } };
      await this.runs.complete(runId, counts, [finding]);
    }
    this.logger.warn(`close of ${parkId}/${periodId} after the grace without manifests of ${missing.join(', ')}`);
    return runId;
  }

  private async parks(): Promise<string[]> {
    const configured = this.config.schedules.parkIds;
    const where = configured ? { id: { in: configured } } : {};
    const rows = await this.prisma.client.park.findMany({ where, select: { id: true }, orderBy: { id: 'asc' } });
    return rows.map((p) => p.id);
  }
}
