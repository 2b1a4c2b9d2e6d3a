import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { JOBS, JOB_SCHEDULERS, QUEUES, RedisUnavailableError } from '@park/queue';
import { closeWithin, producerRedis, whenReady, withinBound } from '@park/queue';
import { QueueUnavailable } from '../errors/billing.errors';
import type { PendingTask } from './close-task.repository';

export interface CloseTenantJob {
  readonly parkId: string;
  readonly periodId: string;
  readonly tenantId: string;
  /** Identifies the close run (when closing started): the run's jobs share one usage snapshot. */
  readonly closeRun: string;
  /** The task's round in PostgreSQL (bumped by each retry of a failed task). */
  readonly round: number;
  /** Who started the close: the audit log records each statement the job issues as theirs. */
  readonly requestedBy?: { readonly subject: string; readonly role: string };
}

/**
 * One job per close task (tenant-period) and round. The job id makes enqueueing idempotent (re-adding a task whose
 * job exists adds nothing, so the sweeper may re-add every pending task), and carries the run, which PostgreSQL
 * records when closing starts: Redis outlives a database that was reset, and an id of period and tenant alone would
 * then match an old, completed job. A retry of a failed task is a new round, hence a new job.
 * (BullMQ 6 refuses a custom id with a ':'.)
 * Retries with exponential back-off are declared here, with the job; failed jobs are kept with their error.
 */
export const CLOSE_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 30 * 86_400 },
  removeOnFail: { age: 30 * 86_400 },
};

/** The sweeper's job (JOBS.sweepCloses) carries nothing: it reads the pending tasks from PostgreSQL. */
export type SweepClosesJob = Record<string, never>;
export type CloseQueueData = CloseTenantJob | SweepClosesJob;

/** How often the sweeper job re-queues close tasks that Redis lost. */
export const CLOSE_SWEEP_EVERY_MS = 60_000;

export function closeJobId(job: CloseTenantJob): string {
  return `${job.periodId}.${job.tenantId}.${job.closeRun.replace(/[^A-Za-z0-9._-]/g, '_')}.r${job.round}`;
}

/** The job of a pending task (the outbox row in PostgreSQL). */
export function closeJobOf(t: PendingTask): CloseTenantJob {
  return {
    parkId: t.parkId,
    periodId: t.periodId,
    tenantId: t.tenantId,
    closeRun: t.closeRun,
    round: t.round,
    requestedBy: { subject: t.requestedBy, role: t.requestedRole },
  };
}

/**
 * The producer side of the periodClose queue. Every call answers within REDIS_TIMEOUT_MS or throws
 * QueueUnavailable: its Redis client refuses commands while disconnected instead of holding them.
 */
@Injectable()
export class PeriodCloseQueue implements OnApplicationShutdown {
  private redis?: Redis;
  private queue?: Queue<CloseQueueData>;
  private readonly onReadyListeners: (() => void)[] = [];
  private readonly logger = new Logger('period-close-queue');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private get q(): Queue<CloseQueueData> {
    if (!this.queue) {
      const redis = producerRedis(this.config.redis);
      redis.on('error', () => undefined); // reported by the calls that fail; ioredis keeps reconnecting
      redis.on('ready', () => this.onReadyListeners.forEach((listener) => listener()));
      this.redis = redis;
      const prefix = this.config.redis.queuePrefix;
      this.queue = new Queue<CloseQueueData>(QUEUES.periodClose, { connection: redis, prefix });
      this.queue.on('error', () => undefined);
    }
    return this.queue;
  }

  /** Calls `listener` on every (re)connection to Redis: a Redis that restarted may have lost the queue. */
  onReady(listener: () => void): void {
    this.onReadyListeners.push(listener);
    void this.q; // connect now, so the first connection is reported too
  }

  /** Redis answers (within the bound), or QueueUnavailable. */
  async ping(operation: string): Promise<void> {
    await this.bounded(operation, async () => (await this.connected()).ping());
  }

  /** The queue's Redis client once connected (callers bound the wait). */
  private async connected(): Promise<Redis> {
    const queue = this.q;
    const redis = this.redis as Redis;
    await whenReady(redis, this.config.redis.timeoutMs);
    await queue.waitUntilReady();
    return redis;
  }

  async enqueue(jobs: readonly CloseTenantJob[], operation = 'enqueue close jobs'): Promise<void> {
    for (let i = 0; i < jobs.length; i += 1_000) {
      const chunk = jobs.slice(i, i + 1_000).map((data) => ({
        name: JOBS.closeTenantPeriod,
        data,
        opts: { ...CLOSE_JOB_OPTIONS, jobId: closeJobId(data) },
      }));
      await this.bounded(operation, async () => {
        await this.connected();
        await this.q.addBulk(chunk);
      });
    }
  }

  /** (Re)declares the repeatable sweeper job; idempotent (a Redis that lost it gets it back). */
  async scheduleSweeper(everyMs = CLOSE_SWEEP_EVERY_MS): Promise<void> {
    await this.bounded('schedule the close sweeper', async () => {
      await this.connected();
      const template = { name: JOBS.sweepCloses, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } };
      await this.q.upsertJobScheduler(JOB_SCHEDULERS.closeSweeper, { every: everyMs }, template);
    });
  }

  async counts(): Promise<Record<string, number>> {
    return this.bounded('count close jobs', async () => {
      await this.connected();
      return this.q.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    });
  }

  private async bounded<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await withinBound(work(), this.config.redis.timeoutMs, operation);
    } catch (error) {
      if (!(error instanceof RedisUnavailableError)) throw error;
      this.logger.warn(`${operation}: ${error.message}`);
      throw new QueueUnavailable(operation);
    }
  }

  /** Bounded: a Redis that is away does not hold the shutdown. */
  async onApplicationShutdown(): Promise<void> {
    if (this.queue) await closeWithin(this.queue, this.config.redis.timeoutMs);
    this.redis?.disconnect();
  }
}
