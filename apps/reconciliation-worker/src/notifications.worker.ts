import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@park/config';
import {
  DEFAULT_DELIVERY_OPTIONS,
  DELIVERY_OPTIONS,
  NotificationDispatcher,
  NotificationsQueue,
  WebhookDeliveryService,
  type DeliverWebhookJob,
  type DeliveryOptions,
  type DrainParkedJob,
  type NotificationJob,
} from '@park/notifications';
import { JOBS, QUEUES, bullConnection, closeWithin, observeWorker } from '@park/queue';

/**
 * Thin handler of the notifications queue: the dispatcher fans the outbox out and queues one job per delivery;
 * each delivery job is one signed attempt (retried by BullMQ with back-off), parked while its endpoint is suspended;
 * a drain job sends a resumed endpoint's parked deliveries in order; the daily job fires grant alerts.
 * Deliveries run `concurrency` at a time, so a dead endpoint holds one slot for at most its timeout.
 */
@Injectable()
export class NotificationsWorker implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private worker?: Worker<NotificationJob>;
  private readonly logger = new Logger('notifications');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dispatcher: NotificationDispatcher,
    private readonly deliveries: WebhookDeliveryService,
    private readonly queue: NotificationsQueue,
    @Optional() @Inject(DELIVERY_OPTIONS) private readonly options: DeliveryOptions = DEFAULT_DELIVERY_OPTIONS,
  ) {}

  onModuleInit(): void {
    this.worker = new Worker<NotificationJob>(QUEUES.notifications, (job) => this.handle(job), {
      connection: bullConnection(this.config.redis),
      prefix: this.config.redis.queuePrefix,
      concurrency: this.options.concurrency,
    });
    observeWorker(this.worker, QUEUES.notifications);
    this.worker.on('error', (err) => this.logger.debug(`worker: ${err.message}`));
    this.worker.on('failed', (job, err) => {
      if (job?.name === JOBS.deliverWebhook || job?.name === JOBS.drainParkedWebhooks) return; // on the delivery row
      this.logger.warn(`notifications job ${job?.name} failed: ${err.name}: ${err.message}`);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue
      .schedule()
      .catch((error: Error) => this.logger.warn(`scheduling the notification jobs failed: ${error.message}`));
  }

  private async handle(job: Job<NotificationJob>): Promise<unknown> {
    if (job.name === JOBS.deliverWebhook) {
      const attempt = { made: job.attemptsMade, max: job.opts.attempts ?? 1 };
      return this.deliveries.attempt((job.data as DeliverWebhookJob).deliveryId, attempt);
    }
    if (job.name === JOBS.drainParkedWebhooks) {
      return this.deliveries.drainParked((job.data as DrainParkedJob).endpointId);
    }
    if (job.name === JOBS.dispatchNotifications) {
      const ids = await this.dispatcher.dispatch();
      await this.queue.enqueueDeliveries(ids);
      const drains = await this.dispatcher.endpointsToDrain();
      await this.queue.enqueueDrains(drains);
      return { queued: ids.length, drains: drains.length };
    }
    if (job.name === JOBS.checkGrantAlerts) return { fired: await this.dispatcher.checkGrantAlerts() };
    throw new Error(`unknown job ${job.name} on queue ${QUEUES.notifications}`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.worker) await closeWithin(this.worker, this.config.redis.timeoutMs);
  }
}
