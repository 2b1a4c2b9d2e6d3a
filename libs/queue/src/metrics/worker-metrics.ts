import type { Job, Worker } from 'bullmq';
import { metrics } from '@park/observability';
import type { QueueName } from '../queues';

/** Seconds the attempt took: from when the worker took the job to when it finished (or now). */
function attemptSeconds(job: Job): number {
  const started = job.processedOn ?? Date.now();
  return Math.max(0, ((job.finishedOn ?? Date.now()) - started) / 1000);
}

/**
 * Counts every finished attempt of `worker`'s jobs in /metrics: `park_queue_job_duration_seconds` (completed and
 * failed) and `park_queue_job_failures_total` (final="true" once the job has used all its attempts). Call it where
 * the worker is built, so no worker goes unobserved.
 */
export function observeWorker(worker: Worker, queue: QueueName): void {
  worker.on('completed', (job) => {
    metrics.queueJobDuration.observe({ queue, name: job.name, outcome: 'completed' }, attemptSeconds(job));
  });
  worker.on('failed', (job) => {
    // a job that stalled past its limit has no Job object here: counted under the name "unknown"
    const name = job?.name ?? 'unknown';
    if (job) metrics.queueJobDuration.observe({ queue, name, outcome: 'failed' }, attemptSeconds(job));
    const final = job === undefined || job.attemptsMade >= (job.opts.attempts ?? 1);
    metrics.queueJobFailures.inc({ queue, name, final: String(final) });
  });
}
