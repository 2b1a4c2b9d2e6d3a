import { Module } from '@nestjs/common';
import { AuditStoreModule } from '@park/audit-store';
import { ReconciliationQueue } from './reconciliation.queue';
import { ReconciliationRunRepository } from './reconciliation-run.repository';
import { ReconciliationService } from './reconciliation.service';

/** Reconciliation runs and findings (needs the platform's global DbModule and ClickHouseModule; Kafka when present). */
@Module({
  imports: [AuditStoreModule],
  providers: [ReconciliationService, ReconciliationRunRepository, ReconciliationQueue],
  exports: [ReconciliationService],
})
export class ReconciliationModule {}
