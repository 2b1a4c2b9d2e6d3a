import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, type JobsOptions } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { JOBS, JOB_SCHEDULERS, QUEUES, bullConnection } from '@park/queue';

export interface ReconciliationJob {
  readonly runId: string;
}

/** The scheduled jobs (JOBS.dailyReconciliation, JOBS.monthlyClose) carry nothing: each tick reads the clock. */
export type ScheduledTick = Record<string, never>;
export type ReconciliationQueueData = ReconciliationJob | ScheduledTick;

/**
 * One job per run, its id the run's id: enqueueing a run twice adds one job. The run row in PostgreSQL comes first,
 * so a queued run whose job Redis lost can be enqueued again from it (`requeue`). Retries back off; a run that
 * still fails is kept, with its error, on the run row and in the queue.
 */
export const RECONCILIATION_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 30 * 86_400 },
  removeOnFail: { age: 90 * 86_400 },
};

@Injectable()
export class ReconciliationQueue implements OnApplicationShutdown {
  private queue?: Queue<ReconciliationQueueData>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private get q(): Queue<ReconciliationQueueData> {
    this.queue ??= new Queue<ReconciliationQueueData>(QUEUES.reconciliation, {
      connection: bullConnection(this.config.redis),
      prefix: this.config.redis.queuePrefix,
    });
    return this.queue;
  }

  async enqueue(runId: string): Promise<void> {
    await this.q.add(JOBS.reconcileRun, { runId }, { ...RECONCILIATION_JOB_OPTIONS, jobId: runId });
  }

  /**
   * Declares (or updates) the repeatable jobs, cron in Asia/Shanghai; with schedules off, removes them. Idempotent:
   * BullMQ keeps one scheduler per id, and each tick one job, however many workers declare them.
   */
  async declareSchedules(schedules: AppConfig['schedules']): Promise<void> {
    const entries = [
      [JOB_SCHEDULERS.dailyReconciliation, JOBS.dailyReconciliation, schedules.dailyReconciliationCron],
      [JOB_SCHEDULERS.monthlyClose, JOBS.monthlyClose, schedules.monthlyCloseCron],
    ] as const;
    for (const [id, name, pattern] of entries) {
      if (!schedules.enabled) {
        await this.q.removeJobScheduler(id);
        continue;
      }
      const opts = {
        removeOnComplete: 100,
        removeOnFail: 100,
        attempts: 3,
        backoff: { type: 'exponential', delay: 5_000 },
      };
      await this.q.upsertJobScheduler(id, { pattern, tz: schedules.timezone }, { name, data: {}, opts });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue?.close();
  }
}
