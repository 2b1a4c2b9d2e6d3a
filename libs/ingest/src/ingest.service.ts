import { randomUUID } from 'node:crypto';
import { DeadlineExceededError } from '@park/agent-auth';
import type { Message } from 'kafkajs';
import {
  validateBatch,
  type BatchIssue,
  type RecordResult,
  type ValidationContext,
  type ValidationPolicy,
} from '@park/usage-domain';
import { metrics } from '@park/observability';
import { encodeRejection, encodeUsageMessage, MAX_RECORDS_PER_MESSAGE } from '@park/usage-pipeline';
import type { UsageRecord } from '@park/usage-domain';
import type { ClusterDirectoryRepository } from './cluster-directory.repository';
import type { ClusterPushRecorder } from './cluster-push.recorder';
import type { UsageProducer } from './usage-producer';
import type { RecordStatus } from './record-status';

export interface PushUsageInput {
  clusterId: string;
  /** The parsed request: `{ batch_id?, records: [...] }`. */
  body: unknown;
  byteLength: number;
  requestId: string;
}

export interface RecordAnswer {
  index: number;
  event_id: string;
  status: RecordStatus;
  reason_code?: string;
  message?: string;
  issues?: { code: string; field: string; message: string }[];
}

export type PushUsageAnswer =
  | { ok: true; batch_id: string; accepted: number; rejected: number; duplicates: number; results: RecordAnswer[] }
  | { ok: false; issues: readonly BatchIssue[] };

const PAYLOAD_KEEP_BYTES = 2048;

/**
 * Kafka did not acknowledge a push in time: nothing of it is confirmed, and the agent retries it as it is (copies
 * are harmless). HTTP answers 503, gRPC UNAVAILABLE: the request was fine, the gateway could not keep it. The
 * message names no broker address; the cause stays on `cause` for the gateway's log.
 */
export class KafkaUnavailableError extends Error {
  readonly code = 'KAFKA_UNAVAILABLE';

  constructor(cause: unknown) {
    const waited = cause instanceof DeadlineExceededError ? ` within ${cause.ms / 1000} s` : '';
    super(`Kafka did not acknowledge the batch${waited}; nothing in it is confirmed, retry it as it is`, { cause });
    this.name = 'KafkaUnavailableError';
  }
}

/**
 * A push: validate every record against the cluster's bindings and the catalogue, produce the accepted ones and
 * the rejected ones (with their reasons), and answer per record only once Kafka has acknowledged both.
 */
export class IngestService {
  constructor(
    private readonly directory: ClusterDirectoryRepository,
    private readonly producer: UsageProducer,
    private readonly policy?: ValidationPolicy,
    private readonly now: () => number = Date.now,
    /** Told of every push answered 200 (the cluster's last push time); none in unit tests. */
    private readonly pushes?: Pick<ClusterPushRecorder, 'record'>,
  ) {}

  async pushUsage(input: PushUsageInput): Promise<PushUsageAnswer> {
    const receivedAt = this.now();
    const [boundTenants, catalogue] = await Promise.all([
      this.directory.boundTenants(input.clusterId),
      this.directory.skuCatalogue(),
    ]);
    const push = this.prepare(input, receivedAt, {
      clusterId: input.clusterId,
      boundTenants,
      catalogue,
      now: receivedAt,
      policy: this.policy,
    });
    // returned, not awaited: this frame, which holds the parsed request, ends here. While Kafka acknowledges (the
    // longest wait of a push), only the encoded messages and the answer stay alive; the parsed batch is garbage
    // young, instead of surviving into V8's old generation with every push in flight.
    return push.ok ? this.deliver(push) : push;
  }

  /** Validates, encodes the messages and builds the answer, all at once (synchronously). */
  private prepare(
    input: PushUsageInput,
    receivedAt: number,
    ctx: ValidationContext,
  ): PreparedPush | { ok: false; issues: readonly BatchIssue[] } {
    const body = input.body as { batch_id?: unknown; records?: unknown } | undefined;
    const batchId = typeof body?.batch_id === 'string' ? body.batch_id.slice(0, 128) : '';
    const validation = validateBatch(
      { records: body && typeof body === 'object' ? body.records : undefined, byteLength: input.byteLength },
      ctx,
    );
    if (!validation.ok) {
      for (const issue of validation.issues) metrics.requestsRefused.inc({ reason: issue.code });
      return { ok: false, issues: validation.issues };
    }

    const rawRecords = (body as { records: unknown[] }).records;
    const accepted = byTenant(validation.accepted).map(([tenantId, records]) => ({
      key: tenantId,
      value: encodeUsageMessage({ records, receivedAt, requestId: input.requestId }),
    }));
    const rejected = validation.results.flatMap((r) =>
      r.status === 'rejected'
        ? [
            {
              key: input.clusterId,
              value: encodeRejection({
                v: 1,
                rejectionId: randomUUID(),
                clusterId: input.clusterId,
                reasonCode: r.reason,
                message: r.message,
                eventId: r.eventId ?? '',
                tenantId: tenantOf(rawRecords[r.index]),
                payload: safeJson(rawRecords[r.index]),
                requestId: input.requestId,
                receivedAt,
              }),
            },
          ]
        : [],
    );
    return {
      ok: true,
      clusterId: input.clusterId,
      receivedAt,
      accepted,
      rejected,
      answer: {
        ok: true,
        batch_id: batchId,
        accepted: validation.counts.accepted,
        rejected: validation.counts.rejected,
        duplicates: validation.counts.duplicate,
        results: validation.results.map(answer),
      },
    };
  }

  /** Produces the push and answers once Kafka acknowledged every message of it. */
  private async deliver(push: PreparedPush): Promise<PushUsageAnswer> {
    const started = this.now();
    try {
      await this.producer.send(push.accepted, push.rejected);
    } catch (error) {
      metrics.requestsRefused.inc({ reason: 'KAFKA_UNAVAILABLE' });
      throw new KafkaUnavailableError(error);
    }
    metrics.produceLatency.observe(this.now() - started);
    this.pushes?.record(push.clusterId, push.receivedAt);
    metrics.recordsAccepted.inc(push.answer.accepted);
    for (const r of push.answer.results)
      if (r.status === 'rejected') metrics.recordsRejected.inc({ reason: r.reason_code! });
    return push.answer;
  }
}

interface PreparedPush {
  ok: true;
  clusterId: string;
  receivedAt: number;
  accepted: Message[];
  rejected: Message[];
  answer: Extract<PushUsageAnswer, { ok: true }>;
}

/** One message per tenant and ≤ MAX_RECORDS_PER_MESSAGE records, so each tenant's records stay on its partition. */
function byTenant(records: readonly UsageRecord[]): [string, UsageRecord[]][] {
  const groups = new Map<string, UsageRecord[][]>();
  for (const r of records) {
    const chunks = groups.get(r.tenantId) ?? [[]];
    if (chunks[chunks.length - 1].length === MAX_RECORDS_PER_MESSAGE) chunks.push([]);
    chunks[chunks.length - 1].push(r);
    groups.set(r.tenantId, chunks);
  }
  return [...groups].flatMap(([tenantId, chunks]) => chunks.map((c) => [tenantId, c] as [string, UsageRecord[]]));
}

function answer(r: RecordResult): RecordAnswer {
  if (r.status === 'accepted') return { index: r.index, event_id: r.eventId, status: 'accepted' };
  if (r.status === 'duplicate')
    return {
      index: r.index,
      event_id: r.eventId,
      status: 'duplicate',
      message: `same record as index ${r.firstIndex}`,
    };
  return {
    index: r.index,
    event_id: r.eventId ?? '',
    status: 'rejected',
    reason_code: r.reason,
    message: r.message,
    issues: r.issues.map((i) => ({ ...i })),
  };
}

function tenantOf(raw: unknown): string {
  const t = (raw as { tenant_id?: unknown } | null)?.tenant_id;
  return typeof t === 'string' ? t.slice(0, 128) : '';
}

function safeJson(raw: unknown): string {
  try {
    return (JSON.stringify(raw) ?? String(raw)).slice(0, PAYLOAD_KEEP_BYTES);
  } catch {
    return '[unserialisable]';
  }
}
