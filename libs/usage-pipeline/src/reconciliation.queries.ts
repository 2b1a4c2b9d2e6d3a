import type { ClickHouseClient } from '@clickhouse/client';
import { chDateTime } from './clickhouse-format';

/** One side of a cluster-day: records, quantity and a checksum of the lines they are made of (see below). */
export interface ClusterDaySummary {
  clusterId: string;
  day: string;
  records: string;
  quantity: string;
  checksum: string;
}

export interface ClusterDay {
  clusterId: string;
  day: string;
}

/** A manifest or the raw records of one cluster-day, per tenant × SKU. */
export interface ClusterDayLine {
  clusterId: string;
  day: string;
  tenantId: string;
  sku: string;
  records: string;
  quantity: string;
}

/** A cluster's quantities per tenant × hour × SKU × job type (hour: ISO instant). */
export interface HourLine {
  clusterId: string;
  day: string;
  tenantId: string;
  hourIso: string;
  sku: string;
  jobType: string;
  records: string;
  quantity: string;
}

export interface DuplicateKeys {
  clusterId: string;
  /** UTC day of the copies' started_at. */
  day: string;
  /** Distinct (cluster_id, event_id) keys stored more than once, and the rows they take. */
  keys: string;
  rows: string;
  sample: string[];
}

export interface PeriodQuantity {
  tenantId: string;
  periodId: string;
  sku: string;
  jobType: string;
  quantity: string;
}

export interface ClusterDayArrivals {
  clusterId: string;
  day: string;
  stored: string;
  rejected: string;
}

const DAY_MS = 86_400_000;
/** Records last at most 31 days (ingest validation): a record with a slice in the range started at most this early. */
const LONGEST_RECORD_MS = 31 * DAY_MS;

/** The cluster-days asked for, as two parallel array parameters zipped in SQL (a list is data, never SQL text). */
const CLUSTER_DAYS =
  '(SELECT tupleElement(p, 1), toDate(tupleElement(p, 2)) FROM (SELECT arrayJoin(arrayZip({cs:Array(String)}, {ds:Array(String)})) AS p))';
const clusterDays = (days: readonly ClusterDay[]) => ({ cs: days.map((d) => d.clusterId), ds: days.map((d) => d.day) });
/** Summaries are summed under short names and turned into text outside, so no alias shadows a column. */
const AS_TEXT =
  'SELECT clusterId, toString(d) AS day, toString(n) AS records, toString(q) AS quantity, toString(c) AS checksum FROM';

/*
 * Checksums: a sum, wrapping at 2^64, over the parts of a cluster-day (records, slices, manifest lines, rollup rows)
 * of a fingerprint of the part's line (its key) times (count + K × quantity in millionths). The sum is linear, so it
 * is the same whether taken over records, manifest lines or unmerged rollup parts: two sides with equal checksums
 * hold the same lines (but for a 2^-64 chance), and only cluster-days whose checksums differ are read line by line.
 * The hour enters a fingerprint through intHash64 rather than the string hash: hashing was half a slice's cost.
 */
const K = '0x9E3779B97F4A7C15';
const MICROS = (q: string) => `reinterpretAsUInt64(${q})`; // a Decimal(38, 6)'s stored integer is its millionths
const WEIGHT = (count: string, q: string) => `(${count} + ${K} * ${MICROS(q)})`;
const LINE_FP = (count: string, q: string, ...key: string[]) => `cityHash64(${key.join(', ')}) * ${WEIGHT(count, q)}`;
const HOUR_FP = (count: string, q: string, hour: string) =>
  `bitXor(cityHash64(tenant_id, sku, job_type), intHash64(toUInt32(${hour}))) * ${WEIGHT(count, q)}`;

/**
 * The ClickHouse reads of reconciliation (libs/reconciliation), in one module. Raw records are read without FINAL on
 * purpose: a copy that slipped into the raw table also reached the rollups, and this is what is compared. Lists
 * (cluster-days, tenants) travel as query parameters, never inlined into the SQL (DESIGN.md §10).
 */
export class ReconciliationQueries {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  /** Kind a, agent side: the latest manifest of each cluster-day in [from, to). */
  manifestSummaries(from: number, to: number): Promise<ClusterDaySummary[]> {
    return this.rows(
      `${AS_TEXT} (
         SELECT cluster_id AS clusterId, usage_manifests.day AS d, record_count AS n, arraySum(line_quantity) AS q,
                arraySum(arrayMap((t, s, k, x) -> ${LINE_FP('k', 'x', 't', 's')}, line_tenant, line_sku, line_count, line_quantity)) AS c
         FROM ${this.database}.usage_manifests FINAL
         WHERE usage_manifests.day >= toDate({from:DateTime}) AND usage_manifests.day < toDate({to:DateTime}))`,
      { from: chDateTime(from), to: chDateTime(to) },
    );
  }

  /** Kind a, stored side: the raw records per cluster × UTC day of ended_at in [from, to). */
  recordSummaries(from: number, to: number): Promise<ClusterDaySummary[]> {
    return this.rows(
      `${AS_TEXT} (
         SELECT cluster_id AS clusterId, toDate(ended_at) AS d, count() AS n, sum(quantity) AS q,
                sum(${LINE_FP('1', 'quantity', 'tenant_id', 'sku')}) AS c
         FROM ${this.database}.usage_records
         WHERE ended_at >= {from:DateTime} AND ended_at < {to:DateTime}
         GROUP BY cluster_id, d)`,
      { from: chDateTime(from), to: chDateTime(to) },
    );
  }

  /** Kind a, line by line: the manifests' lines of these cluster-days. */
  manifestLines(days: readonly ClusterDay[]): Promise<ClusterDayLine[]> {
    if (days.length === 0) return Promise.resolve([]);
    return this.rows(
      `SELECT cluster_id AS clusterId, toString(day) AS day, line.1 AS tenantId, line.2 AS sku, toString(line.3) AS records, toString(line.4) AS quantity
       FROM ${this.database}.usage_manifests FINAL
       ARRAY JOIN arrayZip(line_tenant, line_sku, line_count, line_quantity) AS line
       WHERE (cluster_id, day) IN ${CLUSTER_DAYS}`,
      clusterDays(days),
    );
  }

  /** Kind a, line by line: the raw records of these cluster-days per tenant × SKU. */
  recordLines(days: readonly ClusterDay[]): Promise<ClusterDayLine[]> {
    if (days.length === 0) return Promise.resolve([]);
    return this.rows(
      `SELECT cluster_id AS clusterId, toString(toDate(ended_at)) AS day, tenant_id AS tenantId, sku, toString(count()) AS records, toString(sum(quantity)) AS quantity
       FROM ${this.database}.usage_records
       WHERE (cluster_id, toDate(ended_at)) IN ${CLUSTER_DAYS}
       GROUP BY cluster_id, day, tenant_id, sku`,
      clusterDays(days),
    );
  }

  /** Kind b, what bills read: the hourly rollup per cluster × UTC day of the hour, hours in [from, to). */
  rollupSummaries(from: number, to: number): Promise<ClusterDaySummary[]> {
    return this.rows(
      `${AS_TEXT} (
         SELECT cluster_id AS clusterId, toDate(hour) AS d, sum(records) AS n, sum(quantity) AS q, sum(${HOUR_FP('records', 'quantity', 'hour')}) AS c
         FROM ${this.database}.usage_hourly
         WHERE hour >= {from:DateTime} AND hour < {to:DateTime}
         GROUP BY cluster_id, d)`,
      { from: chDateTime(from), to: chDateTime(to) },
    );
  }

  /** Kind b, what was stored: the raw records' hourly slices, summed as the rollup's view sums them. */
  sliceSummaries(from: number, to: number): Promise<ClusterDaySummary[]> {
    return this.rows(
      `${AS_TEXT} (
         SELECT cluster_id AS clusterId, toDate(h) AS d, sum(k) AS n, sum(x) AS q, sum(${HOUR_FP('k', 'x', 'h')}) AS c
         FROM (
           SELECT cluster_id, tenant_id, sku, job_type, slice.1 AS h, slice.2 AS x, toUInt64(i = 1) AS k
           FROM ${this.database}.usage_records
           ARRAY JOIN arrayZip(slice_hours, slice_quantities) AS slice, arrayEnumerate(slice_hours) AS i
           WHERE started_at >= {earliest:DateTime} AND started_at < {to:DateTime} AND h >= {from:DateTime} AND h < {to:DateTime}
         )
         GROUP BY cluster_id, d)`,
      { earliest: chDateTime(from - LONGEST_RECORD_MS), from: chDateTime(from), to: chDateTime(to) },
    );
  }

  /** Kind b, hour by hour, for these cluster-days: the rollup's rows. */
  rollupHours(days: readonly ClusterDay[]): Promise<HourLine[]> {
    if (days.length === 0) return Promise.resolve([]);
    return this.rows(
      `SELECT cluster_id AS clusterId, toString(toDate(hour)) AS day, tenant_id AS tenantId, formatDateTime(hour, '%Y-%m-%dT%H:00:00Z') AS hourIso, sku,
              job_type AS jobType, toString(sum(records)) AS records, toString(sum(quantity)) AS quantity
       FROM ${this.database}.usage_hourly
       WHERE (cluster_id, toDate(hour)) IN ${CLUSTER_DAYS}
       GROUP BY cluster_id, tenant_id, hour, sku, job_type`,
      clusterDays(days),
    );
  }

  /** Kind b, hour by hour, for these cluster-days: the raw records' slices. */
  sliceHours(days: readonly ClusterDay[]): Promise<HourLine[]> {
    if (days.length === 0) return Promise.resolve([]);
    const first = Math.min(...days.map((d) => Date.parse(`${d.day}T00:00:00Z`)));
    return this.rows(
      `SELECT cluster_id AS clusterId, toString(toDate(h)) AS day, tenant_id AS tenantId, formatDateTime(h, '%Y-%m-%dT%H:00:00Z') AS hourIso, sku,
              job_type AS jobType, toString(sum(n)) AS records, toString(sum(q)) AS quantity
       FROM (
         SELECT cluster_id, tenant_id, sku, job_type, slice.1 AS h, slice.2 AS q, toUInt64(i = 1) AS n
         FROM ${this.database}.usage_records
         ARRAY JOIN arrayZip(slice_hours, slice_quantities) AS slice, arrayEnumerate(slice_hours) AS i
         WHERE started_at >= {earliest:DateTime}
           AND (cluster_id, toDate(h)) IN ${CLUSTER_DAYS}
       )
       GROUP BY cluster_id, tenant_id, h, sku, job_type`,
      { ...clusterDays(days), earliest: chDateTime(first - LONGEST_RECORD_MS) },
    );
  }

  /**
   * Kind b, first pass: clusters whose rows outnumber their distinct keys over records started in [from, to). Keys
   * are counted by a 64-bit hash (a hash set of integers, not of every id string); a collision could only name a
   * cluster for the exact pass below, never hide a copy.
   */
  async clustersWithCopies(from: number, to: number): Promise<string[]> {
    const rows = await this.rows<{ clusterId: string }>(
      `SELECT cluster_id AS clusterId FROM ${this.database}.usage_records
       WHERE started_at >= {from:DateTime} AND started_at < {to:DateTime}
       GROUP BY cluster_id HAVING count() <> uniqExact(cityHash64(event_id))`,
      { from: chDateTime(from), to: chDateTime(to) },
    );
    return rows.map((r) => r.clusterId);
  }

  /**
   * Kind b, exact: keys stored more than once in these clusters (a copy that bypassed the sink doubles the raw rows
   * and the rollup alike). The table is ordered by (cluster_id, event_id), so the clusters are key ranges and, with
   * optimize_aggregation_in_order, the GROUP BY streams instead of holding every key.
   */
  duplicateKeys(clusterIds: readonly string[], from: number, to: number): Promise<DuplicateKeys[]> {
    if (clusterIds.length === 0) return Promise.resolve([]);
    return this.rows(
      `SELECT cluster_id AS clusterId, toString(toDate(first_started)) AS day, toString(count()) AS keys, toString(sum(c)) AS rows,
              groupArray(10)(event_id) AS sample
       FROM (
         SELECT cluster_id, event_id, count() AS c, min(started_at) AS first_started
         FROM ${this.database}.usage_records
         WHERE cluster_id IN (SELECT arrayJoin({cs:Array(String)})) AND started_at >= {from:DateTime} AND started_at < {to:DateTime}
         GROUP BY cluster_id, event_id HAVING c > 1
       )
       GROUP BY cluster_id, day
       SETTINGS optimize_aggregation_in_order = 1`,
      { cs: [...clusterIds], from: chDateTime(from), to: chDateTime(to) },
    );
  }

  /** Kind c: these tenants' quantities per billing period (Asia/Shanghai month) × SKU × job type, hours in [from, to). */
  periodQuantities(tenantIds: readonly string[], from: number, to: number): Promise<PeriodQuantity[]> {
    if (tenantIds.length === 0) return Promise.resolve([]);
    return this.rows(
      `SELECT tenant_id AS tenantId, formatDateTime(toTimeZone(hour, 'Asia/Shanghai'), '%Y-%m') AS periodId, sku, job_type AS jobType,
              toString(sum(quantity)) AS quantity
       FROM ${this.database}.usage_hourly
       WHERE hour >= {from:DateTime} AND hour < {to:DateTime} AND tenant_id IN (SELECT arrayJoin({tenants:Array(String)}))
       GROUP BY tenantId, periodId, sku, jobType`,
      { tenants: [...tenantIds], from: chDateTime(from), to: chDateTime(to) },
    );
  }

  /** Kind f: per cluster × UTC day of arrival, records stored and records rejected. */
  arrivals(from: number, to: number): Promise<ClusterDayArrivals[]> {
    return this.rows(
      `SELECT clusterId, day, toString(sum(s)) AS stored, toString(sum(r)) AS rejected FROM (
         SELECT cluster_id AS clusterId, toString(toDate(ingested_at)) AS day, count() AS s, 0 AS r FROM ${this.database}.usage_records
         WHERE ingested_at >= {from:DateTime} AND ingested_at < {to:DateTime} GROUP BY clusterId, day
         UNION ALL
         SELECT cluster_id, toString(toDate(received_at)), 0, count() FROM ${this.database}.usage_rejected FINAL
         WHERE received_at >= {from:DateTime} AND received_at < {to:DateTime} GROUP BY cluster_id, toDate(received_at)
       ) GROUP BY clusterId, day`,
      { from: chDateTime(from), to: chDateTime(to) },
    );
  }

  /** The ingestion watermark: which of these clusters sent their manifest for a UTC day. */
  async clustersWithManifest(day: string, clusterIds: readonly string[]): Promise<string[]> {
    if (clusterIds.length === 0) return [];
    const rows = await this.rows<{ clusterId: string }>(
      `SELECT DISTINCT cluster_id AS clusterId FROM ${this.database}.usage_manifests
       WHERE day = {day:Date} AND cluster_id IN (SELECT arrayJoin({cs:Array(String)})) ORDER BY clusterId`,
      { day, cs: [...clusterIds] },
    );
    return rows.map((r) => r.clusterId);
  }

  private async rows<T>(query: string, params: Record<string, unknown>): Promise<T[]> {
    return (await this.client.query({ query, query_params: params, format: 'JSONEachRow' })).json<T>();
  }
}
