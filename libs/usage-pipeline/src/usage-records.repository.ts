import type { ClickHouseClient } from '@clickhouse/client';
import type { ClickHouseConnection } from '@park/clickhouse';
import type { UsageRecord } from '@park/usage-domain';
import { chDateTime64 } from './clickhouse-format';
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

/** What is already stored under a (cluster_id, event_id), enough to tell a retry from a conflicting re-use. */
export interface StoredKey {
  clusterId: string;
  eventId: string;
  tenantId: string;
  sku: string;
  quantity: string;
  startedAt: number;
  endedAt: number;
  partition: number;
  offset: string;
}

export interface TenantHour {
  tenantId: string;
  hour: number;
}

/**
 * A key look-up binds its event ids as query parameters: nothing for the SQL parser to lex, 40 % less CPU per key
 * than inlining them as literals (measured on the embedded engine). A server takes parameters in the URL
 * (http_max_uri_size, 1 MiB by default), so one look-up carries at most this many characters of ids.
 */
const LOOKUP_PARAM_CHARS = 768 * 1024;
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

/** Items cut into chunks of at most `maxItems` and LOOKUP_PARAM_CHARS characters of parameters. */
function paramChunks<K>(items: readonly K[], chars: (item: K) => number, maxItems = Infinity): K[][] {
  const chunks: K[][] = [];
  let chunk: K[] = [];
  let used = 0;
  for (const k of items) {
    const size = chars(k);
    if ((used + size > LOOKUP_PARAM_CHARS || chunk.length >= maxItems) && chunk.length > 0) {
      chunks.push(chunk);
      chunk = [];
      used = 0;
    }
    chunk.push(k);
    used += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/**
 * Clusters per look-up: each is a term of SQL text (about 80 characters and 8 AST elements), so a run holding the
 * records of thousands of clusters would otherwise pass ClickHouse's max_query_size (256 KiB) and stall the sink.
 */
const LOOKUP_CLUSTERS = 500;

/**
 * Keys cut into look-ups of at most LOOKUP_PARAM_CHARS characters of ids (quotes and comma, URL-escaped) and
 * LOOKUP_CLUSTERS clusters, each cluster's keys together.
 */
function lookupChunks<K extends { clusterId: string; eventId: string }>(keys: readonly K[]): K[][] {
  const byCluster = new Map<string, K[]>();
  for (const k of keys) {
    const same = byCluster.get(k.clusterId);
    if (same) same.push(k);
    else byCluster.set(k.clusterId, [k]);
  }
  const chunks: K[][] = [];
  let chunk: K[] = [];
  let chars = 0;
  let clusters = 0;
  const cut = () => {
    chunks.push(chunk);
    chunk = [];
    chars = 0;
    clusters = 0;
  };
  for (const same of byCluster.values()) {
    if (clusters === LOOKUP_CLUSTERS) cut();
    clusters += 1;
    for (const k of same) {
      const size = k.eventId.length + 10;
      if (chars + size > LOOKUP_PARAM_CHARS && chunk.length > 0) {
        cut();
        clusters = 1;
      }
      chunk.push(k);
      chars += size;
    }
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** Tenant-hours cut into rebuild chunks: the tenant id twice (pairs and tenants), an hour of ten digits. */
function rebuildChunks(pairs: readonly TenantHour[]): TenantHour[][] {
  return paramChunks(pairs, (p) => 2 * (p.tenantId.length + 10) + 11, REBUILD_CHUNK_PAIRS);
}

/**
 * `(cluster_id = {c0:String} AND has({e0:Array(String)}, event_id)) OR …`, one term per cluster: a primary-key
 * look-up (ClickHouse turns a constant `has` into a key set) with the ids as parameters.
 */
function keyCondition(keys: readonly { clusterId: string; eventId: string }[]): {
  condition: string;
  params: Record<string, string | string[]>;
} {
  const byCluster = new Map<string, string[]>();
  for (const k of keys) {
    const ids = byCluster.get(k.clusterId);
    if (ids) ids.push(k.eventId);
    else byCluster.set(k.clusterId, [k.eventId]);
  }
  const params: Record<string, string | string[]> = {};
  const terms = [...byCluster].map(([clusterId, ids], i) => {
    params[`c${i}`] = clusterId;
    params[`e${i}`] = ids;
    return `(cluster_id = {c${i}:String} AND has({e${i}:Array(String)}, event_id))`;
  });
  return { condition: terms.join(' OR '), params };
}

function wellFormed(text: string): string {
  return text.replace(/\p{Cs}/gu, '\uFFFD');
}

/**
 * Every ClickHouse query of the usage pipeline, in one place (CONVENTIONS.md). Quantities travel as decimal
 * strings both ways (the client quotes decimals in JSON output), never as JS numbers.
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

  /** Looks up stored copies by primary key: an index look-up, not a scan. */
  async findStored(keys: { clusterId: string; eventId: string }[]): Promise<StoredKey[]> {
    const found: StoredKey[] = [];
    for (const chunk of lookupChunks(keys)) {
      const { condition, params } = keyCondition(chunk);
      const rows = await this.select<{
        cluster_id: string;
        event_id: string;
        tenant_id: string;
        sku: string;
        quantity: string;
        started_ms: string;
        ended_ms: string;
        kafka_partition: number;
        kafka_offset: string;
      }>(
        `SELECT cluster_id, event_id, tenant_id, sku, toString(quantity) AS quantity,
                toUnixTimestamp64Milli(started_at) AS started_ms, toUnixTimestamp64Milli(ended_at) AS ended_ms,
                kafka_partition, kafka_offset
         FROM ${this.table('usage_records')} WHERE ${condition}`,
        params,
      );
      for (const r of rows) {
        found.push({
          clusterId: r.cluster_id,
          eventId: r.event_id,
          tenantId: r.tenant_id,
          sku: r.sku,
          quantity: r.quantity,
          startedAt: Number(r.started_ms),
          endedAt: Number(r.ended_ms),
          partition: Number(r.kafka_partition),
          offset: String(r.kafka_offset),
        });
      }
    }
    return found;
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

  /** One INSERT of rows as they came, each with its Kafka position; returns once ClickHouse wrote them and their rollups. */
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
   * The tenants of the records stored from a partition at or past an offset (what a crashed sink wrote but never
   * committed), each with the number of its distinct rollup hours among them.
   */
  async tenantsStoredSince(partition: number, offset: string): Promise<{ tenantId: string; hours: number }[]> {
    const rows = await this.select<{ tenant_id: string; hours: string }>(
      `SELECT tenant_id, uniqExact(hour) AS hours
       FROM ${this.table('usage_records')} ARRAY JOIN slice_hours AS hour
       WHERE kafka_partition = {p:UInt32} AND kafka_offset >= {o:UInt64}
       GROUP BY tenant_id ORDER BY tenant_id`,
      { p: partition, o: offset },
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, hours: Number(r.hours) }));
  }

  /** The rollup hours of those records, for some of their tenants. */
  async tenantHoursStoredSince(partition: number, offset: string, tenantIds: readonly string[]): Promise<TenantHour[]> {
    const rows = await this.select<{ tenant_id: string; hour_ms: string }>(
      `SELECT DISTINCT tenant_id, toUnixTimestamp(hour) * 1000 AS hour_ms
       FROM ${this.table('usage_records')} ARRAY JOIN slice_hours AS hour
       WHERE kafka_partition = {p:UInt32} AND kafka_offset >= {o:UInt64} AND tenant_id IN {tenants:Array(String)}`,
      { p: partition, o: offset, tenants: tenantIds },
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, hour: Number(r.hour_ms) }));
  }

  /**
   * Recomputes the hourly rollup for these tenant-hours from the de-duplicated raw records. Used after a crash:
   * an INSERT's raw part and its materialized-view parts are not written atomically, so the rollup of a batch
   * that was being inserted when the process died may be missing.
   *
   * Any number of tenant-hours: they travel as array parameters (data, not SQL text, so no query-size or AST
   * limit), in chunks bounded by REBUILD_CHUNK_PAIRS and LOOKUP_PARAM_CHARS. Each chunk deletes its hours, then
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
      // A slice in hour H belongs to a record that started at most 31 days (the longest record) before H.
      from: chDateTime64(Math.min(...chunk.map((p) => p.hour)) - 32 * 86_400_000),
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

  private async select<T>(
    query: string,
    params?: Record<string, unknown>,
    settings?: Record<string, string>,
  ): Promise<T[]> {
    const result = await this.client.query({
      query,
      query_params: params,
      format: 'JSONEachRow',
      clickhouse_settings: settings,
    });
    return result.json<T>();
  }
}
