import type { ManifestReasonCode, ValidationIssue } from '../record/reason-code.types';
import { DEFAULT_VALIDATION_POLICY, type ValidationPolicy } from '../record/validation.policy';
import { fromMicros } from '../quantity/quantity.codec';
import { isObject, readId, readInteger, readQuantity, readString } from '../validation/field.checks';
import type { DailyManifest, ManifestLine } from './daily-manifest.types';
import { dayProblem, MAX_MANIFEST_LINES } from './ingestion-status';

export interface ManifestValidationContext {
  readonly clusterId: string;
  readonly policy?: ValidationPolicy;
  /** Default MAX_MANIFEST_LINES tenant × SKU lines. */
  readonly maxLines?: number;
}

export type ManifestValidation =
  | { readonly ok: true; readonly manifest: DailyManifest }
  | {
      readonly ok: false;
      readonly reason: ManifestReasonCode;
      readonly message: string;
      readonly issues: readonly ValidationIssue<ManifestReasonCode>[];
    };

// Sums of many records: wider than one record's maximum (ClickHouse Decimal(38, 6) holds 32 integer digits).
const MAX_SUM_MICROS = 10n ** 38n - 1n;
const MAX_COUNT = 2 ** 32 - 1;

/** Validates a pushed manifest of unknown shape. Never throws; reports every problem. */
export function validateManifest(input: unknown, ctx: ManifestValidationContext): ManifestValidation {
  const policy = ctx.policy ?? DEFAULT_VALIDATION_POLICY;
  const maxLines = ctx.maxLines ?? MAX_MANIFEST_LINES;
  const issues: ValidationIssue<ManifestReasonCode>[] = [];
  const fail = (): ManifestValidation => ({ ok: false, reason: issues[0].code, message: issues[0].message, issues });
  if (!isObject(input)) {
    issues.push({ code: 'WRONG_TYPE', field: 'manifest', message: 'manifest: must be a JSON object' });
    return fail();
  }
  const clusterId = readId(input.cluster_id, 'cluster_id', issues, policy, policy.maxIdLength);
  if (clusterId !== undefined && clusterId !== ctx.clusterId) {
    issues.push({
      code: 'CLUSTER_MISMATCH',
      field: 'cluster_id',
      message: 'cluster_id: is not the cluster these credentials belong to',
    });
  }
  const day = readString(input.day, 'day', issues, policy);
  const badDay = day === undefined ? undefined : dayProblem(day);
  if (badDay) issues.push({ code: 'BAD_DAY', field: 'day', message: `day: ${badDay}` });
  const recordCount = readInteger(input.record_count, 'record_count', issues, {
    min: 0,
    max: MAX_COUNT,
    badCode: 'BAD_COUNT',
  });

  const lines: ManifestLine[] = [];
  const rawLines = input.lines;
  if (rawLines !== undefined && rawLines !== null && !Array.isArray(rawLines)) {
    issues.push({ code: 'WRONG_TYPE', field: 'lines', message: 'lines: must be a list' });
  } else if (Array.isArray(rawLines) && rawLines.length > maxLines) {
    issues.push({
      code: 'MANIFEST_TOO_LARGE',
      field: 'lines',
      message: `lines: ${rawLines.length} lines, at most ${maxLines} allowed`,
    });
  } else if (Array.isArray(rawLines)) {
    const keys = new Set<string>();
    rawLines.forEach((raw: unknown, i) => {
      const at = `lines[${i}]`;
      if (!isObject(raw)) {
        issues.push({ code: 'WRONG_TYPE', field: at, message: `${at}: must be an object` });
        return;
      }
      const tenantId = readId(raw.tenant_id, `${at}.tenant_id`, issues, policy, policy.maxIdLength);
      const sku = readId(raw.sku, `${at}.sku`, issues, policy, policy.maxIdLength);
      const count = readInteger(raw.record_count, `${at}.record_count`, issues, {
        min: 1,
        max: MAX_COUNT,
        badCode: 'BAD_COUNT',
      });
      const micros = readQuantity(raw.quantity, `${at}.quantity`, issues, policy, {
        maxMicros: MAX_SUM_MICROS,
        allowZero: false,
      });
      if (tenantId === undefined || sku === undefined || count === undefined || micros === undefined) return;
      const key = `${tenantId}\u0000${sku}`;
      if (keys.has(key)) {
        issues.push({
          code: 'DUPLICATE_LINE',
          field: at,
          message: `${at}: a second line for the same tenant_id and sku`,
        });
        return;
      }
      keys.add(key);
      lines.push({ tenantId, sku, recordCount: count, quantity: fromMicros(micros) });
    });
  }
  if (issues.length === 0 && recordCount !== undefined) {
    const sum = lines.reduce((n, l) => n + l.recordCount, 0);
    if (sum !== recordCount) {
      issues.push({
        code: 'MANIFEST_INCONSISTENT',
        field: 'record_count',
        message: `record_count: is ${recordCount} but the lines add up to ${sum}`,
      });
    }
  }
  if (issues.length > 0) return fail();
  lines.sort((a, b) =>
    a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0,
  );
  return {
    ok: true,
    manifest: { clusterId: clusterId as string, day: day as string, recordCount: recordCount as number, lines },
  };
}
