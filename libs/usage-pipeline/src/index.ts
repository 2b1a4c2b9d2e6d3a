export {
  MAX_RECORDS_PER_MESSAGE,
  encodeUsageMessage,
  decodeUsageMessage,
  encodeRejection,
  decodeRejection,
  UndecodableMessageError,
  type UsageMessage,
  type RejectionMessage,
} from './usage-message.codec';
export { USAGE_ROW_COLUMNS, UsageRow, encodeUsageRow, sameCounted, type CountedFields } from './usage-row.codec';
export {
  OUTSIDE_KAFKA_PARTITION,
  UsageRecordsRepository,
  type StoredKey,
  type StoredRecordInput,
  type StoredRowInput,
  type TenantHour,
} from './usage-records.repository';
export { UsageSinkProcessor, type SinkMessage, type BatchOutcome } from './usage-sink.processor';
export { SinkBatchCoalescer, type CoalescedOutcome } from './sink-batch-coalescer';
export { UsageBillingQueries, type SkuQuantity, type HourlyQuantity } from './usage-billing.queries';
export { chDateTime, chDateTime64 } from './clickhouse-format';
export { ManifestsRepository, type DayReconciliation, type ReconciliationState } from './manifests.repository';
export {
  ReconciliationQueries,
  type ClusterDaySummary,
  type ClusterDay,
  type ClusterDayLine,
  type HourLine,
  type DuplicateKeys,
  type PeriodQuantity,
  type ClusterDayArrivals,
} from './reconciliation.queries';
export { PartitionFailures, type PartitionFailure } from './partition-failures';
export { ClaimUsageQueries, type JobQuantityQuery, type JobQuantityRow, type TimeWindow } from './claim-usage.queries';
