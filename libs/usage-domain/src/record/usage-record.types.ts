import { formatTimestamp } from '../time/timestamp.codec';

export const JOB_TYPES = ['training', 'inference', 'render', 'development', 'other'] as const;
export type JobType = (typeof JOB_TYPES)[number];

export function isJobType(value: string): value is JobType {
  return (JOB_TYPES as readonly string[]).includes(value);
}

/**
 * A usage record as an agent sends it (JSON body or decoded protobuf, snake_case).
 * `quantity` is a decimal string in the SKU's base unit; a safe-integer JSON number is tolerated.
 */
export interface UsageRecordWire {
  event_id: string;
  cluster_id: string;
  tenant_id: string;
  job_id: string;
  job_type: JobType;
  sku: string;
  quantity: string;
  device_count: number;
  /** RFC 3339, UTC. */
  started_at: string;
  /** RFC 3339, UTC. */
  ended_at: string;
  attributes?: Record<string, string>;
}

/** A record that passed validation. Immutable; de-duplicated downstream by (clusterId, eventId). */
export interface UsageRecord {
  readonly eventId: string;
  readonly clusterId: string;
  readonly tenantId: string;
  readonly jobId: string;
  readonly jobType: JobType;
  readonly sku: string;
  /** Canonical exact decimal (> 0, ≤ 6 fractional digits, no exponent, no padding zeros). */
  readonly quantity: string;
  readonly deviceCount: number;
  /** Epoch milliseconds, UTC. */
  readonly startedAt: number;
  /** Epoch milliseconds, UTC; ≥ startedAt. */
  readonly endedAt: number;
  readonly attributes: Readonly<Record<string, string>>;
}

/** The identity a record is counted once by. */
export function dedupKey(record: { readonly clusterId: string; readonly eventId: string }): string {
  return `${record.clusterId}\u0000${record.eventId}`;
}

export function toWireRecord(record: UsageRecord): UsageRecordWire {
  return {
    event_id: record.eventId,
    cluster_id: record.clusterId,
    tenant_id: record.tenantId,
    job_id: record.jobId,
    job_type: record.jobType,
    sku: record.sku,
    quantity: record.quantity,
    device_count: record.deviceCount,
    started_at: formatTimestamp(record.startedAt),
    ended_at: formatTimestamp(record.endedAt),
    attributes: { ...record.attributes },
  };
}

/** Two validated records carrying the same event id are a retry only if everything else matches too. */
export function sameRecordContent(a: UsageRecord, b: UsageRecord): boolean {
  if (
    a.eventId !== b.eventId ||
    a.clusterId !== b.clusterId ||
    a.tenantId !== b.tenantId ||
    a.jobId !== b.jobId ||
    a.jobType !== b.jobType ||
    a.sku !== b.sku ||
    a.quantity !== b.quantity ||
    a.deviceCount !== b.deviceCount ||
    a.startedAt !== b.startedAt ||
    a.endedAt !== b.endedAt
  ) {
    return false;
  }
  const ka = Object.keys(a.attributes);
  if (ka.length !== Object.keys(b.attributes).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b.attributes, k) && a.attributes[k] === b.attributes[k]);
}
