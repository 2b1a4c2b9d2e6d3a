import type { UsageRecord } from '@park/usage-domain';

/**
 * The value of a usage.records.v1 message: records of one tenant the gateway validated in one request (at most
 * MAX_RECORDS_PER_MESSAGE), with when they were received and the request that carried them (end-to-end latency,
 * tracing). Key: the tenant id. Many records per message keep the Kafka client's per-message cost off the hot path.
 */
export interface UsageMessage {
  v: 1;
  records: UsageRecord[];
  receivedAt: number;
  requestId: string;
}

/** ~500 × ~450 bytes stays well under Kafka's default 1 MB message limit. */
export const MAX_RECORDS_PER_MESSAGE = 500;

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
  if (m?.v !== 1 || !Array.isArray(m.records) || !m.records.every(isRecord)) {
    throw new UndecodableMessageError('message is not a usage.records.v1 batch of records');
  }
  return parsed as UsageMessage;
}

function isRecord(value: unknown): value is UsageRecord {
  const r = value as Partial<UsageRecord> | null;
  return !!r && typeof r.eventId === 'string' && typeof r.clusterId === 'string' && typeof r.tenantId === 'string' &&
    typeof r.quantity === 'string' && typeof r.startedAt === 'number' && typeof r.endedAt === 'number';
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
