import { MS_PER_DAY, MS_PER_MINUTE } from '../time/timestamp.codec';

export interface AttributeLimits {
  readonly maxKeys: number;
  /** Unicode code points. */
  readonly maxKeyLength: number;
  /** Unicode code points. */
  readonly maxValueLength: number;
  /** UTF-8 bytes of all keys and values together. */
  readonly maxTotalBytes: number;
}

export interface QuantityTolerance {
  /** Allowed excess over device_count × seconds, as a fraction ("0.01" = 1 %). */
  readonly relative: string;
  /** Allowed excess in base units on top of the relative part (covers rounding of short records). */
  readonly absolute: string;
}

export interface BatchLimits {
  readonly maxRecords: number;
  readonly maxBytes: number;
}

export interface ValidationPolicy {
  readonly maxClockSkewMs: number;
  /** Age measured on ended_at. */
  readonly retentionMs: number;
  readonly maxDurationMs: number;
  /** Largest quantity of one record, decimal string. Default fits ClickHouse Decimal(18, 6). */
  readonly maxQuantity: string;
  readonly quantityTolerance: QuantityTolerance;
  readonly maxDeviceCount: number;
  readonly maxEventIdLength: number;
  /** cluster_id, tenant_id, sku. */
  readonly maxIdLength: number;
  readonly maxJobIdLength: number;
  readonly attributes: AttributeLimits;
  /** Treat U+FFFD as invalid UTF-8 (what lenient decoders leave for bad bytes). */
  readonly rejectReplacementChar: boolean;
  readonly batch: BatchLimits;
}

/**
 * The longest span of one record (ended_at − started_at). ClickHouse reads of hourly slices rely on it to bound
 * their scan (usage-pipeline `SLICE_LOOKBACK_MS`), so raising it means widening them too.
 */
export const MAX_RECORD_SPAN_MS = 31 * MS_PER_DAY;

export const DEFAULT_VALIDATION_POLICY: ValidationPolicy = Object.freeze({
  maxClockSkewMs: 5 * MS_PER_MINUTE,
  retentionMs: 35 * MS_PER_DAY,
  maxDurationMs: MAX_RECORD_SPAN_MS,
  maxQuantity: '999999999999.999999',
  quantityTolerance: Object.freeze({ relative: '0.01', absolute: '1' }),
  maxDeviceCount: 100_000,
  maxEventIdLength: 128,
  maxIdLength: 128,
  maxJobIdLength: 256,
  attributes: Object.freeze({ maxKeys: 32, maxKeyLength: 64, maxValueLength: 1024, maxTotalBytes: 8 * 1024 }),
  rejectReplacementChar: true,
  batch: Object.freeze({ maxRecords: 5_000, maxBytes: 4 * 1024 * 1024 }),
});

export type ValidationPolicyOverrides = Partial<
  Omit<ValidationPolicy, 'attributes' | 'quantityTolerance' | 'batch'>
> & {
  readonly attributes?: Partial<AttributeLimits>;
  readonly quantityTolerance?: Partial<QuantityTolerance>;
  readonly batch?: Partial<BatchLimits>;
};

export function validationPolicy(overrides: ValidationPolicyOverrides = {}): ValidationPolicy {
  const d = DEFAULT_VALIDATION_POLICY;
  return Object.freeze({
    ...d,
    ...overrides,
    attributes: Object.freeze({ ...d.attributes, ...overrides.attributes }),
    quantityTolerance: Object.freeze({ ...d.quantityTolerance, ...overrides.quantityTolerance }),
    batch: Object.freeze({ ...d.batch, ...overrides.batch }),
  });
}
