import { Module } from '@nestjs/common';
import { AuditStoreModule } from '@park/audit-store';
import { BillingModule } from '@park/billing';
import { ReconciliationQueue } from './reconciliation.queue';
import { ReconciliationRunRepository } from './reconciliation-run.repository';
import { ReconciliationService } from './reconciliation.service';
import { IngestionWatermark } from './schedules/ingestion-watermark';
import { ScheduledJobsService } from './schedules/scheduled-jobs.service';

/**
 * Reconciliation runs and findings, and the scheduled jobs (needs the platform's global DbModule and
 * ClickHouseModule; Kafka when present). Billing for the close the monthly job starts and the holds it releases.
 */
@Module({
  imports: [AuditStoreModule, BillingModule],
  providers: [
    ReconciliationService,
    ReconciliationRunRepository,
    ReconciliationQueue,
    IngestionWatermark,
    ScheduledJobsService,
  ],
  exports: [ReconciliationService, ReconciliationQueue, ScheduledJobsService],
})
export class ReconciliationModule {}
