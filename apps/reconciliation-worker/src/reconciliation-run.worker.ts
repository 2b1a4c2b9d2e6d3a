import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Worker } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { JOBS, QUEUES, bullConnection, observeWorker } from '@park/queue';
import { ReconciliationService, type ReconciliationJob } from '@park/reconciliation';

/** Thin handler of the reconciliation queue: one job = one run, done by ReconciliationService. One run at a time. */
@Injectable()
export class ReconciliationRunWorker implements OnModuleInit, OnApplicationShutdown {
  private worker?: Worker<ReconciliationJob>;
  private readonly logger = new Logger('reconciliation');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reconciliation: ReconciliationService,
  ) {}

  onModuleInit(): void {
    this.worker = new Worker<ReconciliationJob>(
      QUEUES.reconciliation,
      async (job) => {
        if (job.name !== JOBS.reconcileRun)
          throw new Error(`unknown job ${job.name} on queue ${QUEUES.reconciliation}`);
        return this.reconciliation.execute(job.data.runId);
      },
      { connection: bullConnection(this.config.redis), prefix: this.config.redis.queuePrefix, concurrency: 1 },
    );
    observeWorker(this.worker, QUEUES.reconciliation);
    this.worker.on('failed', (job, err) =>
      this.logger.warn(
        `reconciliation run ${job?.data.runId} failed (attempt ${job?.attemptsMade}): ${err.name}: ${err.message}`,
      ),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
