export * from './domain';
export { ReconciliationModule } from './reconciliation.module';
export { ReconciliationService, type StartRunRequest, type RunSummary } from './reconciliation.service';
export { ReconciliationQueue, RECONCILIATION_JOB_OPTIONS, type ReconciliationJob } from './reconciliation.queue';
export { ReconciliationNotFound, FindingAlreadyResolved } from './reconciliation.errors';
export { UsageReconciliations, type RunWindow } from './usage-reconciliations';
export { BillingReconciliations } from './billing-reconciliations';
