import type { JobsOptions } from 'bullmq';
import { QUEUES, type QueueName } from './queues';

const DAY_SECONDS = 86_400;

/**
 * Every queue's job options, declared once and given to its `Queue` as `defaultJobOptions` (and to each job it adds):
 * a failed attempt is retried with exponential back-off (delay × 2^(attempt − 1)); a job that fails every attempt is
 * kept in the queue's failed set with its error and stack trace, for the dashboard (/admin/queues) and the metrics.
 * BullMQ's own defaults (one attempt, kept forever) would neither retry nor ever clean up.
 */
export const QUEUE_JOB_DEFAULTS: Readonly<Record<QueueName, JobsOptions>> = {
  // pings: cheap, retried quickly; a week of failures is enough to see a worker that stopped consuming
  [QUEUES.system]: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: { count: 100 },
    removeOnFail: { age: 7 * DAY_SECONDS },
  },
  // one tenant-period each: PostgreSQL or ClickHouse may be away for a while (2 + 4 + 8 + 16 s over 5 attempts);
  // a task that still fails is marked failed in PostgreSQL too, and a retry of the close is a new round
  [QUEUES.periodClose]: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 2_000 },
    removeOnComplete: { age: 30 * DAY_SECONDS },
    removeOnFail: { age: 30 * DAY_SECONDS },
  },
  // one run each, reading every record of its days: fewer, slower retries; failures kept for a quarter
  [QUEUES.reconciliation]: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: { age: 30 * DAY_SECONDS },
    removeOnFail: { age: 90 * DAY_SECONDS },
  },
  // dispatch and alert ticks, webhook deliveries: a delivery job sets its own attempts and back-off
  // (libs/notifications/src/delivery-options.ts); what fails is kept a month for the endpoint's owner to see
  [QUEUES.notifications]: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 2_000 },
    removeOnComplete: { count: 1_000 },
    removeOnFail: { age: 30 * DAY_SECONDS },
  },
};

/** The repeatable close sweeper's jobs: the queue's retries, and only the last 100 of each outcome kept. */
export const SWEEPER_JOB_OPTIONS: JobsOptions = {
  ...QUEUE_JOB_DEFAULTS[QUEUES.periodClose],
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 100 },
};
