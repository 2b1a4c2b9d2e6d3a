import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { PeriodCloseQueue, PeriodCloseService, type CloseQueueData, type CloseTenantJob } from '@park/billing';
import { JOBS, QUEUES, bullConnection, closeWithin, observeWorker } from '@park/queue';

/** Jobs run at once per worker process: each is a ClickHouse read and one PostgreSQL transaction. */
export const PERIOD_CLOSE_CONCURRENCY = 8;
/** Injection token to run the close at another concurrency (tests prove statements do not depend on it). */
export const PERIOD_CLOSE_CONCURRENCY_OVERRIDE = Symbol('PERIOD_CLOSE_CONCURRENCY_OVERRIDE');

/**
 * Thin handler of the periodClose queue: one job = one close task (tenant-period), done by PeriodCloseService; the
 * sweeper job re-queues the tasks Redis lost. The worker also sweeps on every (re)connection to Redis, start-up
 * included, and declares the repeatable sweeper again then (a Redis restarted empty has forgotten it).
 */
@Injectable()
export class PeriodCloseWorker implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private worker?: Worker<CloseQueueData>;
  private recovering?: Promise<void>;
  private readonly logger = new Logger('period-close');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly close: PeriodCloseService,
    private readonly queue: PeriodCloseQueue,
    @Optional()
    @Inject(PERIOD_CLOSE_CONCURRENCY_OVERRIDE)
    private readonly concurrency: number = PERIOD_CLOSE_CONCURRENCY,
  ) {}

  onModuleInit(): void {
    this.worker = new Worker<CloseQueueData>(QUEUES.periodClose, (job) => this.handle(job), {
      connection: bullConnection(this.config.redis),
      prefix: this.config.redis.queuePrefix,
      concurrency: this.concurrency,
    });
    observeWorker(this.worker, QUEUES.periodClose);
    this.worker.on('error', (err) => this.logger.debug(`worker: ${err.message}`));
    this.worker.on('failed', (job, err) =>
      this.logger.warn(`close job ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.name}: ${err.message}`),
    );
  }

  onApplicationBootstrap(): void {
    this.queue.onReady(() => void this.recover());
  }

  private async handle(job: Job<CloseQueueData>): Promise<unknown> {
    if (job.name === JOBS.closeTenantPeriod) {
      const attempt = { made: job.attemptsMade, max: job.opts.attempts ?? 1 };
      return this.close.closeTenant(job.data as CloseTenantJob, attempt);
    }
    if (job.name === JOBS.sweepCloses) return this.close.sweep();
    throw new Error(`unknown job ${job.name} on queue ${QUEUES.periodClose}`);
  }

  /** One recovery at a time; a failed one is logged and the next (re)connection or sweep tries again. */
  private recover(): Promise<void> {
    this.recovering ??= (async () => {
      try {
        await this.queue.scheduleSweeper();
        const { markedDone, pending } = await this.close.sweep();
        if (pending > 0 || markedDone > 0) {
          this.logger.log(`close sweep on connecting to Redis: ${pending} pending tasks, ${markedDone} marked done`);
        }
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn(`close sweep on connecting to Redis failed: ${reason}`);
      } finally {
        this.recovering = undefined;
      }
    })();
    return this.recovering;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.recovering;
    if (this.worker) await closeWithin(this.worker, this.config.redis.timeoutMs);
  }
}
