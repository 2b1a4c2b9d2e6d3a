import { Module } from '@nestjs/common';
import { SystemJobsWorker } from './system-jobs.worker';

/** BullMQ jobs: period close, statement fan-out, reconciliations. Every result stored and visible. */
@Module({ providers: [SystemJobsWorker] })
export class ReconciliationWorkerModule {}
