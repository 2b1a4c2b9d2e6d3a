import type { UsageRecord } from '@park/usage-domain';
import { encodeUsageRow, UsageRow } from './usage-row.codec';

/**
 * The value of a usage.records.v1 message: records of one tenant the gateway validated in one request (at most
 * MAX_RECORDS_PER_MESSAGE), with when they were received and the request that carried them (end-to-end latency,
 * tracing). Key: the tenant id. Many records per message keep the Kafka client's per-message cost off the hot path.
 *
 * Version 2 (written since 2026-11): a JSON header line, then one TabSeparated row per record (usage-row.codec.ts):
 *   {"v":2,"receivedAt":1764000000000,"requestId":"…","rows":2}\n<row>\n<row>
 * The gateway writes the rows ClickHouse stores, so the sink inserts them as they are: decoding JSON records and
 * encoding rows again cost the sink about half its CPU per record. `rows` catches a truncated value.
 * Version 1 (before): `{"v":1,"records":[…],"receivedAt":…,"requestId":…}`; still read, for messages written
 * before an upgrade.
 */
export interface UsageMessage {
  rows: UsageRow[];
  receivedAt: number;
  requestId: string;
}

/** ~500 × ~450 bytes stays well under Kafka's default 1 MB message limit. */
export const MAX_RECORDS_PER_MESSAGE = 500;

export function encodeUsageMessage(message: {
  records: readonly UsageRecord[];
  receivedAt: number;
  requestId: string;
}): Buffer {
  const header = JSON.stringify({
    v: 2,
    receivedAt: message.receivedAt,
    requestId: message.requestId,
    rows: message.records.length,
  });
  let text = header;
  for (const record of message.records) text += `\n${encodeUsageRow(record)}`;
  return Buffer.from(text);
}

export class UndecodableMessageError extends Error {}

const LINE_END = 0x0a;

export function decodeUsageMessage(value: Buffer | null): UsageMessage {
  if (!value || value.length === 0) throw new UndecodableMessageError('empty message value');
  const headerEnd = value.indexOf(LINE_END);
  let header: { v?: unknown; receivedAt?: unknown; requestId?: unknown; rows?: unknown; records?: unknown };
  try {
    header = JSON.parse(value.toString('utf8', 0, headerEnd < 0 ? value.length : headerEnd)) as typeof header;
  } catch {
    throw new UndecodableMessageError('message value does not start with a JSON header');
  }
  const receivedAt = typeof header?.receivedAt === 'number' ? header.receivedAt : Date.now();
  const requestId = typeof header?.requestId === 'string' ? header.requestId : '';
  if (header?.v === 2) {
    const rows: UsageRow[] = [];
    try {
      for (let start = headerEnd + 1; headerEnd >= 0 && start <= value.length;) {
        const lineEnd = value.indexOf(LINE_END, start);
        const end = lineEnd < 0 ? value.length : lineEnd;
        rows.push(new UsageRow(value, start, end));
        start = end + 1;
      }
    } catch (error) {
      throw new UndecodableMessageError(`message has a malformed row: ${(error as Error).message}`);
    }
    if (rows.length !== header.rows)
      throw new UndecodableMessageError(`message has ${rows.length} rows, its header says ${String(header.rows)}`);
    return { rows, receivedAt, requestId };
  }
  if (header?.v === 1 && Array.isArray(header.records) && header.records.every(isRecord)) {
    try {
      return { rows: header.records.map((r) => UsageRow.of(r)), receivedAt, requestId };
    } catch (error) {
      throw new UndecodableMessageError(`message has a malformed record: ${(error as Error).message}`);
    }
  }
  throw new UndecodableMessageError('message is not a usage.records.v1 batch of records (version 1 or 2)');
}

function isRecord(value: unknown): value is UsageRecord {
  const r = value as Partial<UsageRecord> | null;
  return (
    !!r &&
    typeof r.eventId === 'string' &&
    typeof r.clusterId === 'string' &&
    typeof r.tenantId === 'string' &&
    typeof r.quantity === 'string' &&
    typeof r.startedAt === 'number' &&
    typeof r.endedAt === 'number' &&
    typeof r.jobId === 'string' &&
    typeof r.jobType === 'string' &&
    typeof r.sku === 'string' &&
    typeof r.deviceCount === 'number'
  );
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
  if (!parsed || parsed.v !== 1 || typeof parsed.rejectionId !== 'string')
    throw new UndecodableMessageError('not a usage.rejected.v1 message');
  return parsed;
}
