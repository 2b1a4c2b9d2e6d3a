import type { AppConfig } from '@park/config';
import type { ConnectionOptions } from 'bullmq';

/** Every BullMQ queue and job name, in one place (CONVENTIONS.md). */
export const QUEUES = {
  /** Housekeeping and readiness checks of the worker itself. */
  system: 'system',
  /** Period close: one job per tenant-period. */
  periodClose: 'period-close',
  /** Reconciliation: manifests vs ingested, ledger invariants, claims vs ledger. */
  reconciliation: 'reconciliation',
  /** Notifications: the outbox fanned out to webhook endpoints, one job per delivery; the daily grant alerts. */
  notifications: 'notifications',
} as const;

export const JOBS = {
  ping: 'ping',
  /** Issues one tenant's statement for a period being closed (queue periodClose). */
  closeTenantPeriod: 'close-tenant-period',
  /** Re-queues the close tasks PostgreSQL has and Redis lost (queue periodClose, repeated by JOB_SCHEDULERS). */
  sweepCloses: 'sweep-closes',
  /** Runs one reconciliation (queue reconciliation); data: { runId }, the run row in PostgreSQL. */
  reconcileRun: 'reconcile-run',
  /** Starts the day's scheduled reconciliation runs (queue reconciliation, repeated by JOB_SCHEDULERS). */
  dailyReconciliation: 'daily-reconciliation',
  /** Closes the previous period once its ingestion watermark is in or its grace passed (queue reconciliation). */
  monthlyClose: 'monthly-close',
  /** Turns new outbox rows into deliveries and queues them (queue notifications, repeated by JOB_SCHEDULERS). */
  dispatchNotifications: 'dispatch-notifications',
  /** Sends one webhook delivery (queue notifications); data: { deliveryId }; retried with back-off. */
  deliverWebhook: 'deliver-webhook',
  /**
   * Sends a resumed endpoint's parked deliveries one at a time, oldest first (queue notifications); data:
   * { endpointId }; job id `drain-<endpointId>`, removed when done, so the dispatcher can queue it again.
   */
  drainParkedWebhooks: 'drain-parked-webhooks',
  /** Fires the grant alerts now due, every tenant's (queue notifications, daily by JOB_SCHEDULERS). */
  checkGrantAlerts: 'check-grant-alerts',
} as const;

/** Repeatable jobs (BullMQ job schedulers), by id. */
export const JOB_SCHEDULERS = {
  /** Every CLOSE_SWEEP_EVERY_MS on the periodClose queue: JOBS.sweepCloses. */
  closeSweeper: 'close-sweeper',
  /** SCHEDULE_DAILY_RECONCILIATION_CRON (Asia/Shanghai) on the reconciliation queue: JOBS.dailyReconciliation. */
  dailyReconciliation: 'daily-reconciliation',
  /** SCHEDULE_MONTHLY_CLOSE_CRON (Asia/Shanghai) on the reconciliation queue: JOBS.monthlyClose. */
  monthlyClose: 'monthly-close',
  /** Every few seconds on the notifications queue: JOBS.dispatchNotifications. */
  notificationDispatcher: 'notification-dispatcher',
  /** Daily at 08:00 Asia/Shanghai on the notifications queue: JOBS.checkGrantAlerts. */
  grantAlertsDaily: 'grant-alerts-daily',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** BullMQ connection options from REDIS_URL. Workers need `maxRetriesPerRequest: null` (BullMQ's rule). */
export function bullConnection(redis: AppConfig['redis']): ConnectionOptions {
  const url = new URL(redis.url);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    connectTimeout: 3_000,
  };
}
