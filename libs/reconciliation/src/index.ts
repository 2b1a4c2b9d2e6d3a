export * from './domain';
export { ReconciliationModule } from './reconciliation.module';
export { ReconciliationService, type StartRunRequest, type RunSummary } from './reconciliation.service';
export {
  ReconciliationQueue,
  RECONCILIATION_JOB_OPTIONS,
  type ReconciliationJob,
  type ReconciliationQueueData,
  type ScheduledTick,
} from './reconciliation.queue';
export { ScheduledJobsService, type DailyRun, type MonthlyClose } from './schedules/scheduled-jobs.service';
export { IngestionWatermark, type Watermark } from './schedules/ingestion-watermark';
export { ReconciliationNotFound, FindingAlreadyResolved } from './reconciliation.errors';
export { UsageReconciliations, type RunWindow } from './usage-reconciliations';
export { BillingReconciliations } from './billing-reconciliations';
