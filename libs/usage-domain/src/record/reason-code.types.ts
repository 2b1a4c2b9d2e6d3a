/** Stable, machine-readable reasons a record is rejected. Never rename one: agents and dashboards key on them. */
export const RECORD_REASON_CODES = [
  'MISSING_FIELD',
  'WRONG_TYPE',
  'INVALID_UTF8',
  'BAD_EVENT_ID',
  'BAD_ID',
  'CLUSTER_MISMATCH',
  'TENANT_NOT_BOUND',
  'UNKNOWN_JOB_TYPE',
  'UNKNOWN_SKU',
  'QUANTITY_MALFORMED',
  'QUANTITY_NOT_EXACT',
  'QUANTITY_NOT_POSITIVE',
  'QUANTITY_TOO_LARGE',
  'QUANTITY_INCONSISTENT',
  'BAD_DEVICE_COUNT',
  'BAD_TIMESTAMP',
  'ENDS_BEFORE_START',
  'DURATION_TOO_LONG',
  'IN_FUTURE',
  'TOO_OLD',
  'BAD_ATTRIBUTE_KEY',
  'ATTRIBUTES_TOO_LARGE',
  'EVENT_ID_CONFLICT',
] as const;
export type RecordReasonCode = (typeof RECORD_REASON_CODES)[number];

/** Reasons a whole batch is refused before any record is looked at. */
export const BATCH_REASON_CODES = ['BATCH_NOT_A_LIST', 'BATCH_TOO_MANY_RECORDS', 'BATCH_TOO_LARGE'] as const;
export type BatchReasonCode = (typeof BATCH_REASON_CODES)[number];

export interface ValidationIssue<C extends string = RecordReasonCode> {
  readonly code: C;
  /** Wire field name, dotted for nested ones: "attributes.project", "lines[3].quantity". */
  readonly field: string;
  /** Human text naming the field. Echoes at most a short prefix of the offending value. */
  readonly message: string;
}

/** Reasons a pushed daily manifest is refused (record codes cover its fields' shapes). */
export const MANIFEST_REASON_CODES = [
  'BAD_DAY',
  'BAD_COUNT',
  'DUPLICATE_LINE',
  'MANIFEST_INCONSISTENT',
  'MANIFEST_TOO_LARGE',
] as const;
export type ManifestReasonCode = RecordReasonCode | (typeof MANIFEST_REASON_CODES)[number];
