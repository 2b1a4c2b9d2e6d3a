import { Module } from '@nestjs/common';
import { ReconciliationModule } from '@park/reconciliation';
import { ReconciliationRunWorker } from './reconciliation-run.worker';

/** The reconciliation runs' worker (PostgreSQL, ClickHouse, and Kafka for the sink's lag when the app has it). */
@Module({ imports: [ReconciliationModule], providers: [ReconciliationRunWorker] })
export class ReconciliationRunWorkerModule {}
