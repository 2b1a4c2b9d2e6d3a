import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, type JobsOptions } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { JOBS, QUEUES, bullConnection } from '@park/queue';

export interface CloseTenantJob {
  readonly parkId: string;
  readonly periodId: string;
  readonly tenantId: string;
  /** Identifies the close run (when closing started): the run's jobs share one usage snapshot. */
  readonly closeRun: string;
  /** Who started the close: the audit log records each statement the job issues as theirs. */
  readonly requestedBy?: { readonly subject: string; readonly role: string };
}

/**
 * One job per tenant-period and close run. The job id makes enqueueing idempotent within a run (asking again to
 * close a closing period adds nothing), and carries the run, which PostgreSQL records when closing starts: Redis
 * outlives a database that was reset, and an id of period and tenant alone would then match an old, completed job
 * and the close would wait for a job that never runs. (BullMQ 6 refuses a custom id with a ':'.)
 * Retries with exponential back-off are declared here, with the job.
 */
export const CLOSE_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 30 * 86_400 },
  removeOnFail: { age: 30 * 86_400 },
};

export function closeJobId(job: CloseTenantJob): string {
  return `${job.periodId}.${job.tenantId}.${job.closeRun.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

@Injectable()
export class PeriodCloseQueue implements OnApplicationShutdown {
  private queue?: Queue<CloseTenantJob>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private get q(): Queue<CloseTenantJob> {
    this.queue ??= new Queue<CloseTenantJob>(QUEUES.periodClose, { connection: bullConnection(this.config.redis), prefix: this.config.redis.queuePrefix });
    return this.queue;
  }

  async enqueue(jobs: readonly CloseTenantJob[]): Promise<void> {
    for (let i = 0; i < jobs.length; i += 1_000) {
      await this.q.addBulk(jobs.slice(i, i + 1_000).map((data) => ({ name: JOBS.closeTenantPeriod, data, opts: { ...CLOSE_JOB_OPTIONS, jobId: closeJobId(data) } })));
    }
  }

  async counts(): Promise<Record<string, number>> {
    return this.q.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue?.close();
  }
}
