import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { reportQueueDepth } from '@park/observability';
import { openAllQueues, type AllQueues } from '../all-queues';
import { withinBound } from '../producer-redis';

/** The states `park_queue_jobs` reports (completed jobs are history, not depth). */
export const DEPTH_STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized'] as const;

/**
 * Feeds `park_queue_jobs{queue,state}` for every queue of QUEUES, counted in Redis when /metrics is scraped. Its
 * client fails fast and each scrape is bounded by REDIS_TIMEOUT_MS: with Redis away the series are left out and
 * the scrape still answers (the health check reports Redis).
 */
@Injectable()
export class QueueDepthReporter implements OnModuleInit, OnApplicationShutdown {
  private all?: AllQueues;
  private readonly logger = new Logger('queue-metrics');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    this.all = openAllQueues(this.config.redis);
    reportQueueDepth(() => this.depth());
  }

  async depth(): Promise<{ queue: string; state: string; count: number }[]> {
    try {
      const counted = (this.all?.queues ?? []).map(async (queue) => ({
        queue,
        counts: await queue.getJobCounts(...DEPTH_STATES),
      }));
      const all = await withinBound(Promise.all(counted), this.config.redis.timeoutMs, 'count queued jobs');
      return all.flatMap(({ queue, counts }) =>
        DEPTH_STATES.map((state) => ({ queue: queue.name, state, count: counts[state] ?? 0 })),
      );
    } catch (error) {
      this.logger.warn(`queue depth left out of /metrics: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }

  async onApplicationShutdown(): Promise<void> {
    reportQueueDepth(undefined);
    await this.all?.close();
  }
}
