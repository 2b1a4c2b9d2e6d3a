import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { JOBS, QUEUES, bullConnection } from '@park/queue';
import {
  ReconciliationQueue,
  ReconciliationService,
  ScheduledJobsService,
  type ReconciliationJob,
  type ReconciliationQueueData,
} from '@park/reconciliation';

/**
 * Thin handler of the reconciliation queue: one job = one run, done by ReconciliationService; the scheduled ticks
 * (daily reconciliation, monthly close) by ScheduledJobsService. One job at a time. At start-up it declares the
 * schedules (cron in Asia/Shanghai), or removes them when SCHEDULES_ENABLED is off.
 */
@Injectable()
export class ReconciliationRunWorker implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private worker?: Worker<ReconciliationQueueData>;
  private readonly logger = new Logger('reconciliation');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reconciliation: ReconciliationService,
    private readonly scheduled: ScheduledJobsService,
    private readonly queue: ReconciliationQueue,
  ) {}

  onModuleInit(): void {
    this.worker = new Worker<ReconciliationQueueData>(QUEUES.reconciliation, (job) => this.handle(job), {
      connection: bullConnection(this.config.redis),
      prefix: this.config.redis.queuePrefix,
      concurrency: 1,
    });
    this.worker.on('failed', (job, err) =>
      this.logger.warn(`${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.name}: ${err.message}`),
    );
  }

  /** Not awaited: a Redis that is away does not hold the start-up; the declaration lands once it is back. */
  onApplicationBootstrap(): void {
    this.queue.declareSchedules(this.config.schedules).catch((error: unknown) => {
      this.logger.warn(`schedules not declared: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private handle(job: Job<ReconciliationQueueData>): Promise<unknown> {
    if (job.name === JOBS.reconcileRun) return this.reconciliation.execute((job.data as ReconciliationJob).runId);
    if (job.name === JOBS.dailyReconciliation) return this.scheduled.daily();
    if (job.name === JOBS.monthlyClose) return this.scheduled.monthly();
    throw new Error(`unknown job ${job.name} on queue ${QUEUES.reconciliation}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
