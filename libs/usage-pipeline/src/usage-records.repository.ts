import type { ClickHouseClient } from '@clickhouse/client';
import type { ClickHouseConnection } from '@park/clickhouse';
import type { UsageRecord } from '@park/usage-domain';
import { chDateTime64 } from './queries/clickhouse-format';
import { paramChunks } from './queries/param-chunks';
import { SLICE_LOOKBACK_MS } from './queries/record-span';
import type { TenantHour } from './queries/stored-record.queries';
import type { RejectionMessage } from './usage-message.codec';
import { USAGE_ROW_COLUMNS, UsageRow } from './usage-row.codec';

/** A record as the sink stores it: the validated record plus where it came from in Kafka. */
export interface StoredRecordInput {
  record: UsageRecord;
  partition: number;
  offset: string;
}

/** The same, as the row the gateway already wrote (usage-row.codec.ts). */
export interface StoredRowInput {
  row: UsageRow;
  partition: number;
  offset: string;
}

/**
 * The kafka_partition of records stored without Kafka (the demo's month of usage): UInt32's largest value, which no
 * Kafka partition (a non-negative Int32) can have, so a sink's crash recovery never takes them for its own.
 */
export const OUTSIDE_KAFKA_PARTITION = 0xffff_ffff;
const RAW_COLUMNS = [...USAGE_ROW_COLUMNS, 'kafka_partition', 'kafka_offset'];
/**
 * Tenant-hours per rollup rebuild statement: each is a lightweight DELETE (a mutation, whose text a replicated
 * table keeps in Keeper) and an INSERT … SELECT over the raw records of those tenants and hours.
 */
const REBUILD_CHUNK_PAIRS = 10_000;

/** Tenant-hours cut into rebuild chunks: the tenant id twice (pairs and tenants), an hour of ten digits. */
function rebuildChunks(pairs: readonly TenantHour[]): TenantHour[][] {
  return paramChunks(pairs, (p) => 2 * (p.tenantId.length + 10) + 11, REBUILD_CHUNK_PAIRS);
}

function wellFormed(text: string): string {
  return text.replace(/\p{Cs}/gu, '\uFFFD');
}

/**
 * The usage pipeline's writes to ClickHouse: raw records (the rollups follow through the materialized views),
 * rejections, and the rollup rebuild of the sink's crash recovery. Reads live in `queries/`. Quantities travel as
 * decimal strings, never as JS numbers.
 */
export class UsageRecordsRepository {
  private readonly client: ClickHouseClient;

  constructor(
    private readonly clickhouse: ClickHouseConnection,
    private readonly database: string,
  ) {
    this.client = clickhouse.client;
  }

  private table(name: string): string {
    return `${this.database}.${name}`;
  }

  /** One INSERT; the materialized views add the hourly rollups from the same rows. */
  async insertRecords(inputs: StoredRecordInput[]): Promise<void> {
    await this.insertRows(
      inputs.map(({ record, partition, offset }) => ({ row: UsageRow.of(record), partition, offset })),
    );
  }

  /**
   * Records that never went through Kafka (the demo loader), stored like the sink stores them (rollups included)
   * but under OUTSIDE_KAFKA_PARTITION: no position a sink could take for its own.
   */
  async insertOutsideKafka(records: readonly UsageRecord[]): Promise<void> {
    await this.insertRecords(records.map((record) => ({ record, partition: OUTSIDE_KAFKA_PARTITION, offset: '0' })));
  }

  /**
   * One INSERT of rows as they came, each with its Kafka position; returns once ClickHouse wrote them and their
   * rollups.
   */
  async insertRows(inputs: readonly StoredRowInput[]): Promise<void> {
    if (inputs.length === 0) return;
    // each row's bytes as they came, then its Kafka position: one buffer, no intermediate strings
    const positions = inputs.map(({ partition, offset }) => `\t${partition}\t${offset}\n`);
    let size = 0;
    for (const [i, { row }] of inputs.entries()) size += row.byteLength + positions[i].length;
    const body = Buffer.allocUnsafe(size);
    let at = 0;
    for (const [i, { row }] of inputs.entries()) {
      at = row.copyTo(body, at);
      at += body.write(positions[i], at, 'latin1');
    }
    await this.clickhouse.insertText({
      table: this.table('usage_records'),
      columns: RAW_COLUMNS,
      body,
      format: 'TabSeparated',
    });
  }

  async insertRejected(rejections: RejectionMessage[]): Promise<void> {
    if (rejections.length === 0) return;
    await this.client.insert({
      table: this.table('usage_rejected'),
      format: 'JSONEachRow',
      // rejected input may carry lone surrogates (invalid UTF-16/UTF-8 is a reason to reject): stored visibly as U+FFFD
      values: rejections.map((r) => ({
        cluster_id: wellFormed(r.clusterId),
        reason_code: r.reasonCode,
        rejection_id: r.rejectionId,
        received_at: chDateTime64(r.receivedAt),
        event_id: wellFormed(r.eventId),
        tenant_id: wellFormed(r.tenantId),
        message: wellFormed(r.message),
        payload: wellFormed(r.payload),
        request_id: r.requestId,
      })),
    });
  }

  /**
   * Recomputes the hourly rollup for these tenant-hours from the de-duplicated raw records. Used after a crash:
   * an INSERT's raw part and its materialized-view parts are not written atomically, so the rollup of a batch
   * that was being inserted when the process died may be missing.
   *
   * Any number of tenant-hours: they travel as array parameters (data, not SQL text, so no query-size or AST
   * limit), in chunks bounded by REBUILD_CHUNK_PAIRS and PARAM_CHARS. Each chunk deletes its hours, then
   * inserts them again from the raw records, so a crash half-way leaves some hours deleted and others done, and
   * running it again (the caller derives the same hours from the same raw records) puts every hour right, once.
   * No sink inserts into these hours meanwhile: a tenant's records all come through one partition (key = tenant),
   * and its partition is rebuilt before its next batch.
   */
  async rebuildRollups(tenantHours: readonly TenantHour[]): Promise<void> {
    const sorted = [...tenantHours].sort((a, b) =>
      a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : a.hour - b.hour,
    );
    for (const chunk of rebuildChunks(sorted)) await this.rebuildChunk(chunk);
  }

  private async rebuildChunk(chunk: readonly TenantHour[]): Promise<void> {
    const params = {
      t: chunk.map((p) => p.tenantId),
      h: chunk.map((p) => Math.floor(p.hour / 1000)),
      tenants: [...new Set(chunk.map((p) => p.tenantId))],
      from: chDateTime64(Math.min(...chunk.map((p) => p.hour)) - SLICE_LOOKBACK_MS),
      to: chDateTime64(Math.max(...chunk.map((p) => p.hour)) + 3_600_000),
    };
    // a constant set made of the parameters: deterministic, so a replicated table accepts it in a mutation (a
    // subquery it would not); hours as DateTime parameters (an arrayMap here is evaluated per row: 20× slower)
    const pairs = `arrayZip({t:Array(String)}, {h:Array(DateTime('UTC'))})`;
    await this.client.command({
      query: `DELETE FROM ${this.table('usage_hourly')} WHERE (tenant_id, hour) IN ${pairs}`,
      query_params: params,
      clickhouse_settings: { lightweight_deletes_sync: '2' },
    });
    await this.client.command({
      query: `INSERT INTO ${this.table('usage_hourly')} (tenant_id, hour, sku, job_type, cluster_id, quantity, records)
              SELECT tenant_id, slice.1, sku, job_type, cluster_id, sum(slice.2), sum(toUInt64(slice_index = 1))
              FROM ${this.table('usage_records')} FINAL
              ARRAY JOIN arrayZip(slice_hours, slice_quantities) AS slice, arrayEnumerate(slice_hours) AS slice_index
              WHERE tenant_id IN {tenants:Array(String)}
                AND started_at >= {from:DateTime64(3, 'UTC')} AND started_at < {to:DateTime64(3, 'UTC')}
                AND (tenant_id, slice.1) IN ${pairs}
              GROUP BY tenant_id, slice.1, sku, job_type, cluster_id`,
      query_params: params,
      // a rebuild after a rebuild inserts the same block again: a replicated table must not drop it as a retry
      clickhouse_settings: { insert_deduplicate: 0 },
    });
  }
}
