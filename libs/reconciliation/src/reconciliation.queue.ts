import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, type JobsOptions } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { JOBS, QUEUES, QUEUE_JOB_DEFAULTS, bullConnection } from '@park/queue';

export interface ReconciliationJob {
  readonly runId: string;
}

/**
 * One job per run, its id the run's id: enqueueing a run twice adds one job. The run row in PostgreSQL comes first,
 * so a queued run whose job Redis lost can be enqueued again from it (`requeue`). Retries back off; a run that
 * still fails is kept, with its error, on the run row and in the queue (the queue's defaults, @park/queue).
 */
export const RECONCILIATION_JOB_OPTIONS: JobsOptions = QUEUE_JOB_DEFAULTS[QUEUES.reconciliation];

@Injectable()
export class ReconciliationQueue implements OnApplicationShutdown {
  private queue?: Queue<ReconciliationJob>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private get q(): Queue<ReconciliationJob> {
    this.queue ??= new Queue<ReconciliationJob>(QUEUES.reconciliation, {
      connection: bullConnection(this.config.redis),
      prefix: this.config.redis.queuePrefix,
      defaultJobOptions: RECONCILIATION_JOB_OPTIONS,
    });
    return this.queue;
  }

  async enqueue(runId: string): Promise<void> {
    await this.q.add(JOBS.reconcileRun, { runId }, { ...RECONCILIATION_JOB_OPTIONS, jobId: runId });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue?.close();
  }
}
