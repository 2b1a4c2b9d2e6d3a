import type { BatchReasonCode, RecordReasonCode, ValidationIssue } from '../record/reason-code.types';
import { dedupKey, sameRecordContent, type UsageRecord } from '../record/usage-record.types';
import { DEFAULT_VALIDATION_POLICY, type ValidationPolicy } from '../record/validation.policy';
import { validateRecord, type ValidationContext } from './record.validator';

export type BatchIssue = ValidationIssue<BatchReasonCode>;

/** Size limits of one push, checked before parsing records (the transport knows the body size). */
export function checkBatchLimits(
  batch: { readonly recordCount: number; readonly byteLength?: number },
  policy: ValidationPolicy = DEFAULT_VALIDATION_POLICY,
): BatchIssue[] {
  const issues: BatchIssue[] = [];
  if (batch.recordCount > policy.batch.maxRecords) {
    issues.push({
      code: 'BATCH_TOO_MANY_RECORDS',
      field: 'records',
      message: `records: ${batch.recordCount} records in one batch, at most ${policy.batch.maxRecords} allowed`,
    });
  }
  if (batch.byteLength !== undefined && batch.byteLength > policy.batch.maxBytes) {
    issues.push({
      code: 'BATCH_TOO_LARGE',
      field: 'body',
      message: `body: ${batch.byteLength} bytes, at most ${policy.batch.maxBytes} allowed`,
    });
  }
  return issues;
}

export type RecordResult =
  | { readonly index: number; readonly status: 'accepted'; readonly eventId: string; readonly record: UsageRecord }
  /** Same event id and same content earlier in this batch: an in-batch retry, counted once. */
  | { readonly index: number; readonly status: 'duplicate'; readonly eventId: string; readonly firstIndex: number }
  | {
      readonly index: number;
      readonly status: 'rejected';
      readonly eventId: string | undefined;
      readonly reason: RecordReasonCode;
      readonly message: string;
      readonly issues: readonly ValidationIssue[];
    };

export type BatchValidation =
  | { readonly ok: false; readonly issues: readonly BatchIssue[] }
  | {
      readonly ok: true;
      /** One result per input record, in input order. */
      readonly results: readonly RecordResult[];
      /** The accepted records, in input order, each event id once. */
      readonly accepted: readonly UsageRecord[];
      readonly counts: { readonly accepted: number; readonly rejected: number; readonly duplicate: number };
    };

/**
 * Validates a batch: refuses it whole only when it is not a list or breaks the size limits;
 * otherwise answers per record, keeping good records beside bad ones. Never throws.
 */
export function validateBatch(
  input: { readonly records: unknown; readonly byteLength?: number },
  ctx: ValidationContext,
): BatchValidation {
  const { records, byteLength } = input;
  const policy = ctx.policy ?? DEFAULT_VALIDATION_POLICY;
  if (!Array.isArray(records)) {
    return {
      ok: false,
      issues: [{ code: 'BATCH_NOT_A_LIST', field: 'records', message: 'records: must be a list of usage records' }],
    };
  }
  const limitIssues = checkBatchLimits({ recordCount: records.length, byteLength }, policy);
  if (limitIssues.length > 0) return { ok: false, issues: limitIssues };

  const results: RecordResult[] = [];
  const accepted: UsageRecord[] = [];
  const seen = new Map<string, { index: number; record: UsageRecord }>();
  let rejected = 0;
  let duplicate = 0;
  for (let index = 0; index < records.length; index++) {
    const v = validateRecord(records[index], ctx);
    if (!v.ok) {
      rejected++;
      results.push({
        index,
        status: 'rejected',
        eventId: v.eventId,
        reason: v.reason,
        message: v.message,
        issues: v.issues,
      });
      continue;
    }
    const key = dedupKey(v.record);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, { index, record: v.record });
      accepted.push(v.record);
      results.push({ index, status: 'accepted', eventId: v.record.eventId, record: v.record });
    } else if (sameRecordContent(first.record, v.record)) {
      duplicate++;
      results.push({ index, status: 'duplicate', eventId: v.record.eventId, firstIndex: first.index });
    } else {
      rejected++;
      const issue: ValidationIssue = {
        code: 'EVENT_ID_CONFLICT',
        field: 'event_id',
        message: `event_id: record ${first.index} of this batch has the same event_id with different content`,
      };
      results.push({
        index,
        status: 'rejected',
        eventId: v.record.eventId,
        reason: issue.code,
        message: issue.message,
        issues: [issue],
      });
    }
  }
  return { ok: true, results, accepted, counts: { accepted: accepted.length, rejected, duplicate } };
}
