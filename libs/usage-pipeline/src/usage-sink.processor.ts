import { createHash } from 'node:crypto';
import { dedupKey } from '@park/usage-domain';
import { decodeUsageMessage, UndecodableMessageError, type RejectionMessage } from './usage-message.codec';
import type { StoredRecordQueries } from './queries/stored-record.queries';
import type { UsageRecordsRepository } from './usage-records.repository';
import { sameCounted, type UsageRow } from './usage-row.codec';

export interface SinkMessage {
  partition: number;
  offset: string;
  value: Buffer | null;
}

export interface BatchOutcome {
  /** Records stored by this batch: each counted for the first time. */
  inserted: number;
  /** Copies of records already counted (agent retry, producer retry, replay after a crash). */
  duplicates: number;
  /** Same (cluster_id, event_id) as a stored record but different content: kept out, reported. */
  conflicts: number;
  undecodable: number;
  /** receivedAt of each inserted record, for end-to-end latency. */
  receivedAt: number[];
}

/**
 * The sink's exactly-once core, for one batch. The guarantee, step by step:
 *  1. batch        — messages of the partitions fetched together (each a few hundred records of one tenant), each
 *                    partition's in offset order, as fetched (bounded by size and time; SinkBatchCoalescer merges
 *                    the per-partition batches of a fetch so they share one look-up and one INSERT).
 *  2. de-duplicate — within the batch by (cluster_id, event_id), keeping the first; then against ClickHouse by
 *                    primary-key look-up: anything already stored is a copy and is not inserted again.
 *  3. insert       — one INSERT of the new records; the materialized views fill the hourly rollups from it.
 *  4. commit       — only after 3 returned (the caller commits each partition's offsets). A crash before the
 *                    commit replays the batch; step 2 then finds its records stored and inserts nothing, so replays
 *                    are harmless. Every stored row keeps its own Kafka partition and offset for recovery.
 * The one thing a crash can break is the rollup of an INSERT cut off half-way (raw part written, view part
 * not): `recoverPartition` rebuilds those rollup hours before the first batch after every (re)assignment.
 */
export class UsageSinkProcessor {
  constructor(
    private readonly repository: UsageRecordsRepository,
    private readonly stored: StoredRecordQueries,
  ) {}

  async processBatch(messages: SinkMessage[]): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { inserted: 0, duplicates: 0, conflicts: 0, undecodable: 0, receivedAt: [] };
    const rejections: RejectionMessage[] = [];

    // 2a. decode and de-duplicate within the batch
    const firstByKey = new Map<
      string,
      { row: UsageRow; partition: number; offset: string; index: number; receivedAt: number; requestId: string }
    >();
    for (const m of messages) {
      let decoded;
      try {
        decoded = decodeUsageMessage(m.value);
      } catch (error) {
        if (!(error instanceof UndecodableMessageError)) throw error;
        outcome.undecodable += 1;
        rejections.push(
          rejection(
            { ...m, index: 0 },
            {
              reasonCode: 'UNDECODABLE_MESSAGE',
              message: `${error.message} (partition ${m.partition}, offset ${m.offset})`,
              payload: m.value?.toString('utf8').slice(0, 2048) ?? '',
            },
          ),
        );
        continue;
      }
      decoded.rows.forEach((row, index) => {
        const first = firstByKey.get(row.key);
        if (!first) {
          firstByKey.set(row.key, {
            row,
            partition: m.partition,
            offset: m.offset,
            index,
            receivedAt: decoded.receivedAt,
            requestId: decoded.requestId,
          });
        } else if (first.row.sameBytes(row) || sameCounted(first.row.counted(), row.counted())) {
          outcome.duplicates += 1;
        } else {
          outcome.conflicts += 1;
          rejections.push(conflict({ ...m, index }, row, decoded.requestId));
        }
      });
    }

    // 2b. de-duplicate against what is stored
    const candidates = [...firstByKey.values()];
    const stored = new Map((await this.stored.findStored(candidates.map((c) => c.row))).map((s) => [dedupKey(s), s]));
    const fresh: typeof candidates = [];
    for (const c of candidates) {
      const existing = stored.get(c.row.key);
      if (!existing) {
        fresh.push(c);
        outcome.receivedAt.push(c.receivedAt);
      } else if (sameCounted(existing, c.row.counted())) {
        outcome.duplicates += 1;
      } else {
        outcome.conflicts += 1;
        rejections.push(conflict(c, c.row, c.requestId));
      }
    }

    // 3. insert: new records, then the rejections found here (a replayed rejection has the same id: harmless)
    await this.repository.insertRows(fresh);
    await this.repository.insertRejected(rejections);
    outcome.inserted = fresh.length;
    return outcome;
    // 4. the caller commits the batch's offsets now
  }

  /**
   * Rebuilds the rollup hours of records stored past the committed offset (see the class comment), a group of
   * tenants at a time so that memory stays bounded whatever the window (a consumer-group reset makes it the
   * partition's whole history). Returns the number of tenant-hours rebuilt.
   */
  async recoverPartition(partition: number, committedOffset: string): Promise<number> {
    const tenants = await this.stored.tenantsStoredSince(partition, committedOffset);
    let rebuilt = 0;
    for (const group of tenantGroups(tenants, RECOVERY_GROUP_HOURS)) {
      const hours = await this.stored.tenantHoursStoredSince(partition, committedOffset, group);
      await this.repository.rebuildRollups(hours);
      rebuilt += hours.length;
    }
    return rebuilt;
  }
}

/** Tenant-hours read into memory at once by a recovery (a few MB). */
const RECOVERY_GROUP_HOURS = 50_000;

/** Tenants in groups of at most `maxHours` tenant-hours (a tenant with more than that is a group of its own). */
function tenantGroups(tenants: readonly { tenantId: string; hours: number }[], maxHours: number): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  let hours = 0;
  for (const t of tenants) {
    if (hours + t.hours > maxHours && group.length > 0) {
      groups.push(group);
      group = [];
      hours = 0;
    }
    group.push(t.tenantId);
    hours += t.hours;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** Rejections found by the sink get an id made from their Kafka position, so a replay records them once. */
function rejection(
  at: { partition: number; offset: string; index: number },
  fields: Pick<RejectionMessage, 'reasonCode' | 'message' | 'payload'> & Partial<RejectionMessage>,
): RejectionMessage {
  const h = createHash('sha256').update(`sink:${at.partition}:${at.offset}:${at.index}`).digest('hex');
  const rejectionId = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  return {
    v: 1,
    rejectionId,
    clusterId: '',
    eventId: '',
    tenantId: '',
    requestId: '',
    receivedAt: Date.now(),
    ...fields,
  };
}

function conflict(
  at: { partition: number; offset: string; index: number },
  row: UsageRow,
  requestId: string,
): RejectionMessage {
  return rejection(at, {
    reasonCode: 'EVENT_ID_CONFLICT',
    message:
      `event_id ${row.eventId} of cluster ${row.clusterId} was already counted with different tenant, SKU, ` +
      `quantity or times; the first one stands`,
    payload: JSON.stringify(row.describe()).slice(0, 2048),
    clusterId: row.clusterId,
    eventId: row.eventId,
    tenantId: row.counted().tenantId,
    requestId,
  });
}
