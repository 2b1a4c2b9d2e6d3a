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
  type StoredRecordInput,
  type StoredRowInput,
} from './usage-records.repository';
export { UsageSinkProcessor, type SinkMessage, type BatchOutcome } from './usage-sink.processor';
export { SinkBatchCoalescer, type CoalescedOutcome } from './sink-batch-coalescer';
export { ManifestsRepository } from './manifests.repository';
export { PartitionFailures, type PartitionFailure } from './partition-failures';
export { StoreWatch, describeStall, type StoreInFlight } from './store-watch';
export { LagProgress, describeLagStall, type LagStall } from './lag-progress';

// Every ClickHouse read, one class per table family (queries/).
export { chDateTime, chDateTime64 } from './queries/clickhouse-format';
export { SLICE_LOOKBACK_MS } from './queries/record-span';
export type { UsageTotals } from './queries/usage-totals';
export {
  UsageRollupQueries,
  type SkuQuantity,
  type DailyIntervalQuantity,
  type IntervalQuantity,
  type TenantIntervalQuantity,
  type PeriodQuantity,
} from './queries/usage-rollup.queries';
export { RawUsageQueries, type JobSize, type JobUsage } from './queries/raw-usage.queries';
export { StoredRecordQueries, type StoredKey, type TenantHour } from './queries/stored-record.queries';
export {
  ManifestStatusQueries,
  type DayReconciliation,
  type ReconciliationState,
} from './queries/manifest-status.queries';
export {
  ReconciliationQueries,
  type ClusterDaySummary,
  type ClusterDay,
  type ClusterDayLine,
  type HourLine,
  type DuplicateKeys,
  type ClusterDayArrivals,
} from './queries/reconciliation.queries';
export {
  ClaimUsageQueries,
  type JobQuantityQuery,
  type JobQuantityRow,
  type TimeWindow,
} from './queries/claim-usage.queries';
