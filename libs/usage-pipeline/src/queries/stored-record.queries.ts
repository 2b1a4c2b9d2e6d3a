import type { ClickHouseClient } from '@clickhouse/client';
import { PARAM_CHARS } from './param-chunks';
import { selectRows } from './select-rows';

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

type Key = { clusterId: string; eventId: string };

/**
 * Clusters per look-up: each is a term of SQL text (about 80 characters and 8 AST elements), so a run holding the
 * records of thousands of clusters would otherwise pass ClickHouse's max_query_size (256 KiB) and stall the sink.
 */
const LOOKUP_CLUSTERS = 500;

function byCluster<K extends Key>(keys: readonly K[]): Map<string, K[]> {
  const groups = new Map<string, K[]>();
  for (const k of keys) {
    const same = groups.get(k.clusterId);
    if (same) same.push(k);
    else groups.set(k.clusterId, [k]);
  }
  return groups;
}

/**
 * Keys cut into look-ups of at most PARAM_CHARS characters of ids (quotes and comma, URL-escaped) and
 * LOOKUP_CLUSTERS clusters, each cluster's keys together.
 */
function lookupChunks<K extends Key>(keys: readonly K[]): K[][] {
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
  for (const same of byCluster(keys).values()) {
    if (clusters === LOOKUP_CLUSTERS) cut();
    clusters += 1;
    for (const k of same) {
      const size = k.eventId.length + 10;
      if (chars + size > PARAM_CHARS && chunk.length > 0) {
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

/**
 * `(cluster_id = {c0:String} AND has({e0:Array(String)}, event_id)) OR …`, one term per cluster: a primary-key
 * look-up (ClickHouse turns a constant `has` into a key set) with the ids as parameters.
 */
function keyCondition(keys: readonly Key[]): { condition: string; params: Record<string, string | string[]> } {
  const params: Record<string, string | string[]> = {};
  const terms = [...byCluster(keys)].map(([clusterId, same], i) => {
    params[`c${i}`] = clusterId;
    params[`e${i}`] = same.map((k) => k.eventId);
    return `(cluster_id = {c${i}:String} AND has({e${i}:Array(String)}, event_id))`;
  });
  return { condition: terms.join(' OR '), params };
}

interface StoredRow {
  cluster_id: string;
  event_id: string;
  tenant_id: string;
  sku: string;
  quantity: string;
  started_ms: string;
  ended_ms: string;
  kafka_partition: number;
  kafka_offset: string;
}

/**
 * The sink's reads of what is already stored: the key look-up of its de-duplication step, and the records stored
 * past a committed offset that its crash recovery rebuilds rollups for (UsageRecordsRepository.rebuildRollups).
 */
export class StoredRecordQueries {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  /** Looks up stored copies by primary key: an index look-up, not a scan. */
  async findStored(keys: readonly Key[]): Promise<StoredKey[]> {
    const found: StoredKey[] = [];
    for (const chunk of lookupChunks(keys)) {
      const { condition, params } = keyCondition(chunk);
      const rows = await selectRows<StoredRow>(
        this.client,
        `SELECT cluster_id, event_id, tenant_id, sku, toString(quantity) AS quantity,
                toUnixTimestamp64Milli(started_at) AS started_ms, toUnixTimestamp64Milli(ended_at) AS ended_ms,
                kafka_partition, kafka_offset
         FROM ${this.database}.usage_records WHERE ${condition}`,
        params,
      );
      for (const r of rows) found.push(storedKey(r));
    }
    return found;
  }

  /**
   * The tenants of the records stored from a partition at or past an offset (what a crashed sink wrote but never
   * committed), each with the number of its distinct rollup hours among them.
   */
  async tenantsStoredSince(partition: number, offset: string): Promise<{ tenantId: string; hours: number }[]> {
    const rows = await selectRows<{ tenant_id: string; hours: string }>(
      this.client,
      `SELECT tenant_id, uniqExact(hour) AS hours
       FROM ${this.database}.usage_records ARRAY JOIN slice_hours AS hour
       WHERE kafka_partition = {p:UInt32} AND kafka_offset >= {o:UInt64}
       GROUP BY tenant_id ORDER BY tenant_id`,
      { p: partition, o: offset },
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, hours: Number(r.hours) }));
  }

  /** The rollup hours of those records, for some of their tenants. */
  async tenantHoursStoredSince(partition: number, offset: string, tenantIds: readonly string[]): Promise<TenantHour[]> {
    const rows = await selectRows<{ tenant_id: string; hour_ms: string }>(
      this.client,
      `SELECT DISTINCT tenant_id, toUnixTimestamp(hour) * 1000 AS hour_ms
       FROM ${this.database}.usage_records ARRAY JOIN slice_hours AS hour
       WHERE kafka_partition = {p:UInt32} AND kafka_offset >= {o:UInt64} AND tenant_id IN {tenants:Array(String)}`,
      { p: partition, o: offset, tenants: tenantIds },
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, hour: Number(r.hour_ms) }));
  }
}

function storedKey(r: StoredRow): StoredKey {
  return {
    clusterId: r.cluster_id,
    eventId: r.event_id,
    tenantId: r.tenant_id,
    sku: r.sku,
    quantity: r.quantity,
    startedAt: Number(r.started_ms),
    endedAt: Number(r.ended_ms),
    partition: Number(r.kafka_partition),
    offset: String(r.kafka_offset),
  };
}
