import { Module } from '@nestjs/common';
import { QueueDepthReporter } from '@park/queue';
import { SystemJobsWorker } from './system-jobs.worker';

/**
 * BullMQ jobs: period close, statement fan-out, reconciliations. Every result stored and visible: each queue's depth
 * per state in /metrics (QueueDepthReporter), each worker's attempts and failures (observeWorker).
 */
@Module({ providers: [SystemJobsWorker, QueueDepthReporter] })
export class ReconciliationWorkerModule {}
