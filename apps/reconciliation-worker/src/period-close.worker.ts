import { Inject, Injectable, Logger, Optional, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Worker } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { PeriodCloseService, type CloseTenantJob } from '@park/billing';
import { JOBS, QUEUES, bullConnection } from '@park/queue';

/** Jobs run at once per worker process: each is a ClickHouse read and one PostgreSQL transaction. */
export const PERIOD_CLOSE_CONCURRENCY = 8;
/** Injection token to run the close at another concurrency (tests prove statements do not depend on it). */
export const PERIOD_CLOSE_CONCURRENCY_OVERRIDE = Symbol('PERIOD_CLOSE_CONCURRENCY_OVERRIDE');

/** Thin handler of the periodClose queue: one job = one tenant-period, issued by PeriodCloseService. */
@Injectable()
export class PeriodCloseWorker implements OnModuleInit, OnApplicationShutdown {
  private worker?: Worker<CloseTenantJob>;
  private readonly logger = new Logger('period-close');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly close: PeriodCloseService,
    @Optional() @Inject(PERIOD_CLOSE_CONCURRENCY_OVERRIDE) private readonly concurrency: number = PERIOD_CLOSE_CONCURRENCY,
  ) {}

  onModuleInit(): void {
    this.worker = new Worker<CloseTenantJob>(
      QUEUES.periodClose,
      async (job) => {
        if (job.name !== JOBS.closeTenantPeriod) throw new Error(`unknown job ${job.name} on queue ${QUEUES.periodClose}`);
        return this.close.closeTenant(job.data);
      },
      { connection: bullConnection(this.config.redis), prefix: this.config.redis.queuePrefix, concurrency: this.concurrency },
    );
    this.worker.on('failed', (job, err) => this.logger.warn(`close job ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.name}: ${err.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
