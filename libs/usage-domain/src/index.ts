// Public surface of @park/usage-domain: usage records, their validation, hour slicing, daily
// manifests, agent-side parsers and the park simulator. Pure code: no framework, no I/O.
export { JOB_TYPES, isJobType, dedupKey, toWireRecord, sameRecordContent } from './record/usage-record.types';
export type { JobType, UsageRecord, UsageRecordWire } from './record/usage-record.types';
export { skuCatalogue, skuMeteringFor } from './record/sku-catalogue.types';
export type { SkuCatalogue, SkuMetering } from './record/sku-catalogue.types';
export { RECORD_REASON_CODES, BATCH_REASON_CODES, MANIFEST_REASON_CODES } from './record/reason-code.types';
export type {
  RecordReasonCode,
  BatchReasonCode,
  ManifestReasonCode,
  ValidationIssue,
} from './record/reason-code.types';
export { DEFAULT_VALIDATION_POLICY, MAX_RECORD_SPAN_MS, validationPolicy } from './record/validation.policy';
export type {
  ValidationPolicy,
  ValidationPolicyOverrides,
  AttributeLimits,
  QuantityTolerance,
  BatchLimits,
} from './record/validation.policy';

export {
  QUANTITY_SCALE,
  InvalidQuantityError,
  toMicros,
  fromMicros,
  fromMicrosNumber,
  canonicalQuantity,
  addQuantities,
  sumQuantities,
  compareQuantities,
} from './quantity/quantity.codec';
export { splitProRata } from './quantity/pro-rata.splitter';
export { parseTimestamp, formatTimestamp, utcDay, floorToHour, MS_PER_HOUR, MS_PER_DAY } from './time/timestamp.codec';
export type { TimestampParse } from './time/timestamp.codec';
export { sanitizeText } from './text/unicode.guard';

export { validateRecord } from './validation/record.validator';
export type { ValidationContext, RecordValidation } from './validation/record.validator';
export { validateBatch, checkBatchLimits } from './validation/batch.validator';
export type { BatchValidation, BatchIssue, RecordResult } from './validation/batch.validator';

export { sliceByHour, hourlyQuantities } from './slicing/hour.slicer';
export type { HourSlice, SliceableRecord } from './slicing/hour.slicer';

export { computeDailyManifests, compareManifest } from './manifest/daily-manifest.calculator';
export type { ManifestSource } from './manifest/daily-manifest.calculator';
export { manifestToWire } from './manifest/daily-manifest.types';
export type {
  DailyManifest,
  DailyManifestWire,
  ManifestLine,
  ManifestDifference,
} from './manifest/daily-manifest.types';
export { validateManifest } from './manifest/daily-manifest.validator';
export type { ManifestValidation, ManifestValidationContext } from './manifest/daily-manifest.validator';
export {
  STORABLE_DAYS,
  MAX_STATUS_DAYS,
  MAX_DIFFERENCES_PER_DAY,
  MAX_MANIFEST_LINES,
  dayProblem,
  statusWindow,
  boundedDifferences,
} from './manifest/ingestion-status';
export type { StatusWindow, StatusWindowInput } from './manifest/ingestion-status';

export { parseSacct, parseElapsed, parseTres } from './parsers/slurm-sacct.parser';
export type { SacctParseOptions } from './parsers/slurm-sacct.parser';
export { parsePodUsageFeed } from './parsers/kubernetes-feed.parser';
export type { PodUsageFeed, PodUsage, PodFeedParseOptions } from './parsers/kubernetes-feed.parser';
export { UsageSourceFormatError } from './parsers/agent-parse.types';
export type { AgentParseResult, SkippedJob, SkipReason } from './parsers/agent-parse.types';

export { Rng, WeightedTable } from './simulator/mulberry32.rng';
export { PARK_SKUS, PARK_CATALOGUE } from './simulator/park.catalogue';
export type { SimulatedSku } from './simulator/park.catalogue';
export { createPark } from './simulator/park.factory';
export type {
  Park,
  ParkOptions,
  SimulatedCluster,
  SimulatedTenant,
  ClusterKind,
  TenantProfile,
} from './simulator/park.factory';
export { generateRecords, recordStream } from './simulator/record.generator';
export type { GenerateOptions } from './simulator/record.generator';
export { withRetries } from './simulator/agent-retry.simulator';
export type { RetryOptions } from './simulator/agent-retry.simulator';
export { totals } from './simulator/usage.totals';
export type { UsageTotals, TotalLine } from './simulator/usage.totals';

export { testWorld, contextFor, wireRecord, TEST_CATALOGUE } from './testing/usage-record.builder';
export type { TestWorld } from './testing/usage-record.builder';
export { malformedCorpus } from './testing/malformed-corpus';
export type { MalformedCase } from './testing/malformed-corpus';
