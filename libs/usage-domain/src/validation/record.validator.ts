import type { RecordReasonCode, ValidationIssue } from '../record/reason-code.types';
import type { SkuCatalogue } from '../record/sku-catalogue.types';
import { isJobType, type JobType, type UsageRecord } from '../record/usage-record.types';
import { DEFAULT_VALIDATION_POLICY, type ValidationPolicy } from '../record/validation.policy';
import { MICROS_PER_UNIT, fromMicros, toMicros } from '../quantity/quantity.codec';
import { MS_PER_DAY, MS_PER_MINUTE } from '../time/timestamp.codec';
import { readAttributes } from './attributes.checks';
import { echo, isObject, readId, readInteger, readQuantity, readString, readTimestamp } from './field.checks';

export interface ValidationContext {
  /** The authenticated cluster; a record naming another cluster is refused. */
  readonly clusterId: string;
  /** Tenants bound to that cluster. 'unchecked' only for agent-side pre-flight, never in the gateway. */
  readonly boundTenants: ReadonlySet<string> | 'unchecked';
  readonly catalogue: SkuCatalogue;
  /** Epoch ms; the clock is an argument so tests pin it. */
  readonly now: number;
  readonly policy?: ValidationPolicy;
}

export type RecordValidation =
  | { readonly ok: true; readonly record: UsageRecord }
  | {
      readonly ok: false;
      /** The first issue's code. */
      readonly reason: RecordReasonCode;
      /** The first issue's message. */
      readonly message: string;
      /** Every problem found, in field order then cross-field checks. */
      readonly issues: readonly ValidationIssue[];
      /** The record's event_id when it was a usable string, for per-record answers. */
      readonly eventId?: string;
    };

const EVENT_ID = /^[A-Za-z0-9._:-]+$/;

interface DerivedPolicy {
  readonly maxQuantityMicros: bigint;
  readonly relativeMicros: bigint;
  readonly absoluteMicros: bigint;
}

const derivedCache = new WeakMap<ValidationPolicy, DerivedPolicy>();

function derive(policy: ValidationPolicy): DerivedPolicy {
  let d = derivedCache.get(policy);
  if (!d) {
    d = {
      maxQuantityMicros: toMicros(policy.maxQuantity),
      relativeMicros: toMicros(policy.quantityTolerance.relative),
      absoluteMicros: toMicros(policy.quantityTolerance.absolute),
    };
    derivedCache.set(policy, d);
  }
  return d;
}

function describeMs(ms: number): string {
  if (ms % MS_PER_DAY === 0) return `${ms / MS_PER_DAY} days`;
  if (ms % MS_PER_MINUTE === 0) return `${ms / MS_PER_MINUTE} min`;
  return `${ms} ms`;
}

/** Validates one record of unknown shape. Never throws; reports every problem it finds. */
export function validateRecord(input: unknown, ctx: ValidationContext): RecordValidation {
  const policy = ctx.policy ?? DEFAULT_VALIDATION_POLICY;
  const derived = derive(policy);
  const issues: ValidationIssue[] = [];
  if (!isObject(input)) {
    const issue: ValidationIssue = { code: 'WRONG_TYPE', field: 'record', message: 'record: must be a JSON object' };
    return { ok: false, reason: issue.code, message: issue.message, issues: [issue] };
  }

  const eventId = readString(input.event_id, 'event_id', issues, policy);
  let usableEventId: string | undefined;
  if (eventId !== undefined) {
    if (eventId.length > policy.maxEventIdLength || !EVENT_ID.test(eventId)) {
      issues.push({
        code: 'BAD_EVENT_ID',
        field: 'event_id',
        message: `event_id: must be 1–${policy.maxEventIdLength} characters of [A-Za-z0-9._:-], got ${echo(eventId)}`,
      });
    } else {
      usableEventId = eventId;
    }
  }

  const clusterId = readId(input.cluster_id, 'cluster_id', issues, policy, policy.maxIdLength);
  if (clusterId !== undefined && clusterId !== ctx.clusterId) {
    issues.push({
      code: 'CLUSTER_MISMATCH',
      field: 'cluster_id',
      message: `cluster_id: ${echo(clusterId)} is not the cluster these credentials belong to`,
    });
  }

  const tenantId = readId(input.tenant_id, 'tenant_id', issues, policy, policy.maxIdLength);
  if (tenantId !== undefined && ctx.boundTenants !== 'unchecked' && !ctx.boundTenants.has(tenantId)) {
    issues.push({
      code: 'TENANT_NOT_BOUND',
      field: 'tenant_id',
      message: `tenant_id: ${echo(tenantId)} is not bound to this cluster`,
    });
  }

  const jobId = readId(input.job_id, 'job_id', issues, policy, policy.maxJobIdLength);

  const jobTypeText = readString(input.job_type, 'job_type', issues, policy);
  let jobType: JobType | undefined;
  if (jobTypeText !== undefined) {
    if (isJobType(jobTypeText)) jobType = jobTypeText;
    else
      issues.push({
        code: 'UNKNOWN_JOB_TYPE',
        field: 'job_type',
        message: `job_type: must be one of training, inference, render, development, other; got ${echo(jobTypeText)}`,
      });
  }

  const sku = readId(input.sku, 'sku', issues, policy, policy.maxIdLength);
  const skuSpec = sku === undefined ? undefined : ctx.catalogue.get(sku);
  if (sku !== undefined && skuSpec === undefined) {
    issues.push({ code: 'UNKNOWN_SKU', field: 'sku', message: `sku: ${echo(sku)} is not in the catalogue` });
  }

  const quantityMicros = readQuantity(input.quantity, 'quantity', issues, policy, {
    maxMicros: derived.maxQuantityMicros,
    allowZero: false,
  });

  const deviceCount = readInteger(input.device_count, 'device_count', issues, {
    min: 1,
    max: policy.maxDeviceCount,
    badCode: 'BAD_DEVICE_COUNT',
  });

  const startedAt = readTimestamp(input.started_at, 'started_at', issues, policy);
  const endedAt = readTimestamp(input.ended_at, 'ended_at', issues, policy);

  const attributes = readAttributes(input.attributes, issues, policy);

  // Cross-field checks, only on fields that were individually sound.
  if (startedAt !== undefined && endedAt !== undefined) {
    if (endedAt < startedAt) {
      issues.push({ code: 'ENDS_BEFORE_START', field: 'ended_at', message: 'ended_at: is before started_at' });
    } else if (endedAt - startedAt > policy.maxDurationMs) {
      issues.push({
        code: 'DURATION_TOO_LONG',
        field: 'ended_at',
        message:
          `ended_at: the record spans more than ${describeMs(policy.maxDurationMs)}; split long jobs into ` +
          `shorter records`,
      });
    }
  }
  const latest = Math.max(startedAt ?? -Infinity, endedAt ?? -Infinity);
  if (latest > ctx.now + policy.maxClockSkewMs) {
    const field = endedAt !== undefined && endedAt === latest ? 'ended_at' : 'started_at';
    issues.push({
      code: 'IN_FUTURE',
      field,
      message: `${field}: is more than ${describeMs(policy.maxClockSkewMs)} ahead of the gateway clock`,
    });
  } else if (endedAt !== undefined && endedAt < ctx.now - policy.retentionMs) {
    issues.push({
      code: 'TOO_OLD',
      field: 'ended_at',
      message: `ended_at: is older than the ${describeMs(policy.retentionMs)} retention window`,
    });
  }
  if (
    quantityMicros !== undefined &&
    skuSpec !== undefined &&
    skuSpec.timeBased !== false &&
    deviceCount !== undefined &&
    startedAt !== undefined &&
    endedAt !== undefined &&
    endedAt >= startedAt
  ) {
    const units = skuSpec.scalesWithDevices ? BigInt(deviceCount) : 1n;
    // duration ms × 1000 = duration in micro-seconds, i.e. seconds at scale 6.
    const expectedMicros = units * BigInt(endedAt - startedAt) * 1000n;
    const allowedScaled =
      expectedMicros * (MICROS_PER_UNIT + derived.relativeMicros) + derived.absoluteMicros * MICROS_PER_UNIT;
    if (quantityMicros * MICROS_PER_UNIT > allowedScaled) {
      const basis = skuSpec.scalesWithDevices
        ? `device_count × duration = ${deviceCount} × ${fromMicros(BigInt(endedAt - startedAt) * 1000n)} s`
        : `duration = ${fromMicros(BigInt(endedAt - startedAt) * 1000n)} s`;
      issues.push({
        code: 'QUANTITY_INCONSISTENT',
        field: 'quantity',
        message:
          `quantity: ${fromMicros(quantityMicros)} ${skuSpec.baseUnit} exceeds ${basis} = ` +
          `${fromMicros(expectedMicros)} by more than ${fromMicros(derived.relativeMicros * 100n)} % + ` +
          `${policy.quantityTolerance.absolute}`,
      });
    }
  }

  if (issues.length > 0) {
    return {
      ok: false,
      reason: issues[0].code,
      message: issues[0].message,
      issues,
      ...(usableEventId === undefined ? {} : { eventId: usableEventId }),
    };
  }
  return {
    ok: true,
    record: {
      // All defined: any undefined field above produced an issue.
      eventId: usableEventId as string,
      clusterId: clusterId as string,
      tenantId: tenantId as string,
      jobId: jobId as string,
      jobType: jobType as JobType,
      sku: sku as string,
      quantity: fromMicros(quantityMicros as bigint),
      deviceCount: deviceCount as number,
      startedAt: startedAt as number,
      endedAt: endedAt as number,
      attributes: attributes ?? {},
    },
  };
}
