import { MAX_RECORD_SPAN_MS, MS_PER_DAY } from '@park/usage-domain';

/**
 * How far before an hour H the records holding a slice of H can have started: ingest refuses records longer than
 * MAX_RECORD_SPAN_MS, and a day of margin covers a slice's hour being floored. Queries that read slices bound
 * started_at by it, so the primary key's time order prunes the scan.
 */
export const SLICE_LOOKBACK_MS = MAX_RECORD_SPAN_MS + MS_PER_DAY;
