import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Worker } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { JOBS, QUEUES, bullConnection, closeWithin, observeWorker } from '@park/queue';

/** Answers the `system` queue's ping job: proves the worker is consuming (used by tests and operators). */
@Injectable()
export class SystemJobsWorker implements OnModuleInit, OnApplicationShutdown {
  private worker?: Worker;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    this.worker = new Worker(
      QUEUES.system,
      async (job) => {
        if (job.name === JOBS.ping) return { pong: job.data, at: new Date().toISOString() };
        throw new Error(`unknown job ${job.name} on queue ${QUEUES.system}`);
      },
      { connection: bullConnection(this.config.redis), prefix: this.config.redis.queuePrefix, concurrency: 1 },
    );
    observeWorker(this.worker, QUEUES.system);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.worker) await closeWithin(this.worker, this.config.redis.timeoutMs);
  }
}
