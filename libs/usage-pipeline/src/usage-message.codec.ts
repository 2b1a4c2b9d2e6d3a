import type { UsageRecord } from '@park/usage-domain';

/**
 * The value of a usage.records.v1 message: a record the gateway validated, with when it was received and the
 * request that carried it (for end-to-end latency and tracing). Key: the tenant id.
 */
export interface UsageMessage {
  v: 1;
  record: UsageRecord;
  receivedAt: number;
  requestId: string;
}

export function encodeUsageMessage(message: UsageMessage): Buffer {
  return Buffer.from(JSON.stringify(message));
}

export class UndecodableMessageError extends Error {}

export function decodeUsageMessage(value: Buffer | null): UsageMessage {
  if (!value) throw new UndecodableMessageError('empty message value');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    throw new UndecodableMessageError('message value is not JSON');
  }
  const m = parsed as Partial<UsageMessage>;
  const r = m?.record as Partial<UsageRecord> | undefined;
  if (m?.v !== 1 || !r || typeof r.eventId !== 'string' || typeof r.clusterId !== 'string' || typeof r.quantity !== 'string' ||
      typeof r.startedAt !== 'number' || typeof r.endedAt !== 'number' || typeof r.tenantId !== 'string') {
    throw new UndecodableMessageError('message is not a usage.records.v1 record');
  }
  return parsed as UsageMessage;
}

/** A rejected record as it goes to usage.rejected.v1 and then to ClickHouse's usage_rejected. */
export interface RejectionMessage {
  v: 1;
  rejectionId: string;
  clusterId: string;
  reasonCode: string;
  message: string;
  eventId: string;
  tenantId: string;
  /** The record as received, cut to a bounded size. */
  payload: string;
  requestId: string;
  receivedAt: number;
}

export function encodeRejection(message: RejectionMessage): Buffer {
  return Buffer.from(JSON.stringify(message));
}

export function decodeRejection(value: Buffer | null): RejectionMessage {
  const parsed = JSON.parse(value?.toString('utf8') ?? 'null') as RejectionMessage | null;
  if (!parsed || parsed.v !== 1 || typeof parsed.rejectionId !== 'string') throw new UndecodableMessageError('not a usage.rejected.v1 message');
  return parsed;
}
