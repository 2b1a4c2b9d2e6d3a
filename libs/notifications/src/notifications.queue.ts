import { Inject, Injectable, Optional, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { JOBS, JOB_SCHEDULERS, QUEUE_JOB_DEFAULTS, QUEUES, bullConnection, closeWithin } from '@park/queue';
import { DEFAULT_DELIVERY_OPTIONS, DELIVERY_OPTIONS, type DeliveryOptions } from './delivery-options';

export interface DeliverWebhookJob {
  readonly deliveryId: string;
}
export interface DrainParkedJob {
  readonly endpointId: string;
}
export type NotificationJob = DeliverWebhookJob | DrainParkedJob | Record<string, never>;

/**
 * The notifications queue's producer side. One job per delivery, its id the delivery's: adding it again while it
 * waits, retries or is kept adds nothing, so the dispatcher may re-add a stalled delivery. Retries back off
 * exponentially (declared here, with the job); a delivery whose attempts are spent is kept with its error.
 */
@Injectable()
export class NotificationsQueue implements OnApplicationShutdown {
  private queue?: Queue<NotificationJob>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(DELIVERY_OPTIONS) readonly options: DeliveryOptions = DEFAULT_DELIVERY_OPTIONS,
  ) {}

  private get q(): Queue<NotificationJob> {
    this.queue ??= new Queue<NotificationJob>(QUEUES.notifications, {
      connection: bullConnection(this.config.redis),
      prefix: this.config.redis.queuePrefix,
      defaultJobOptions: QUEUE_JOB_DEFAULTS[QUEUES.notifications],
    });
    return this.queue;
  }

  async enqueueDeliveries(deliveryIds: readonly string[]): Promise<void> {
    const opts = {
      attempts: this.options.attempts,
      backoff: { type: 'exponential', delay: this.options.backoffMs },
      removeOnComplete: { age: 7 * 86_400 },
      removeOnFail: { age: 30 * 86_400 },
    };
    for (let i = 0; i < deliveryIds.length; i += 500) {
      const chunk = deliveryIds.slice(i, i + 500);
      await this.q.addBulk(
        chunk.map((deliveryId) => ({
          name: JOBS.deliverWebhook,
          data: { deliveryId },
          opts: { ...opts, jobId: deliveryId },
        })),
      );
    }
  }

  /**
   * One drain per endpoint at a time (job id `drain-<endpointId>`: adding it while one waits or runs adds nothing);
   * removed when it ends, so the dispatcher queues it again for parked deliveries left behind. Retried with back-off.
   */
  async enqueueDrains(endpointIds: readonly string[]): Promise<void> {
    if (endpointIds.length === 0) return;
    await this.q.addBulk(
      endpointIds.map((endpointId) => ({
        name: JOBS.drainParkedWebhooks,
        data: { endpointId },
        opts: {
          jobId: `drain-${endpointId}`,
          attempts: this.options.attempts,
          backoff: { type: 'exponential', delay: this.options.backoffMs },
          removeOnComplete: true,
          removeOnFail: true,
        },
      })),
    );
  }

  /** (Re)declares the repeatable jobs: the dispatcher, and the daily grant alerts at 08:00 Asia/Shanghai. */
  async schedule(): Promise<void> {
    const keep = { removeOnComplete: 100, removeOnFail: 100 };
    await this.q.upsertJobScheduler(
      JOB_SCHEDULERS.notificationDispatcher,
      { every: this.options.dispatchEveryMs },
      { name: JOBS.dispatchNotifications, data: {}, opts: keep },
    );
    await this.q.upsertJobScheduler(
      JOB_SCHEDULERS.grantAlertsDaily,
      { pattern: '0 0 8 * * *', tz: 'Asia/Shanghai' },
      { name: JOBS.checkGrantAlerts, data: {}, opts: keep },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.queue) await closeWithin(this.queue, this.config.redis.timeoutMs);
  }
}
