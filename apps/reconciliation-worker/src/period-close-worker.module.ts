import { Module } from '@nestjs/common';
import { BillingModule } from '@park/billing';
import { PeriodCloseWorker } from './period-close.worker';

/**
 * The period-close worker. A module of its own (next to ReconciliationWorkerModule's system jobs) because it
 * needs PostgreSQL and ClickHouse, which a Redis-only worker does not.
 */
@Module({ imports: [BillingModule], providers: [PeriodCloseWorker] })
export class PeriodCloseWorkerModule {}
