export {
  RECONCILIATION_KINDS,
  countsOf,
  type ReconciliationKind,
  type Finding,
  type FindingState,
  type FindingSubject,
  type KindOutcome,
  type KindCounts,
} from './reconciliation.types';
export {
  compareKeyed,
  difference,
  type KeyedRow,
  type KeyedComparison,
  type KeyedComparisonInput,
  type Measures,
} from './keyed-comparison';
export { daysToExamine, manifestFindings, sameSummary, summaryKey, type DaySummary } from './manifest-findings';
export {
  pipelineHealth,
  DEFAULT_PIPELINE_THRESHOLDS,
  type PipelineThresholds,
  type PartitionLag,
  type ClusterDayRejections,
} from './pipeline-health';
export { checkRunInput, isUtcDay, runBounds, MAX_RUN_DAYS, type RunInput, type InputIssue } from './run-input';
export { graceEnds, lastWholeUtcDay, missingWatermarkFinding, previousPeriod, watermarkDay } from './schedule-clock';
