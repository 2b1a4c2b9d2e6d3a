import type { ClickHouseClient } from '@clickhouse/client';
import { connectClickHouse, migrateClickHouse } from '@park/clickhouse';
import {
  StoredRecordQueries,
  UsageRecordsRepository,
  UsageSinkProcessor,
  encodeUsageMessage,
} from '@park/usage-pipeline';
import { sliceByHour, type UsageRecord } from '@park/usage-domain';
import { testConfig } from '../support/test-config';
import { usageTotals, type UsageTotalsReader } from '../support/usage-totals';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 1, 15, 30); // 23:30 in Asia/Shanghai: the record crosses into November 2nd there

function record(i: number, overrides: Partial<UsageRecord> = {}): UsageRecord {
  return {
    eventId: `ev-${'x'.repeat(40)}-${i}`,
    clusterId: 'cluster-a',
    tenantId: `tenant-${i % 3}`,
    jobId: `job-${i}`,
    jobType: 'training',
    sku: 'gpu.h100-80g',
    quantity: '7200.5',
    deviceCount: 2,
    startedAt: T0,
    endedAt: T0 + HOUR,
    attributes: {},
    ...overrides,
  };
}

describe('usage records in ClickHouse: de-duplication and crash recovery', () => {
  const config = testConfig();
  const db = config.clickhouse.database;
  let client: ClickHouseClient;
  let repository: UsageRecordsRepository;
  let stored: StoredRecordQueries;
  let queries: UsageTotalsReader;

  beforeAll(async () => {
    const clickhouse = connectClickHouse(config.clickhouse);
    client = clickhouse.client;
    await migrateClickHouse(client, { database: db });
    repository = new UsageRecordsRepository(clickhouse, db);
    stored = new StoredRecordQueries(client, db);
    queries = usageTotals(client, db);
  });
  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${db}` });
    await client.close();
  });

  it('looks up thousands of long keys in one call (beyond the default query size)', async () => {
    await repository.insertRecords([0, 1, 2].map((i) => ({ record: record(i), partition: 0, offset: String(i) })));
    const keys = Array.from({ length: 6_000 }, (_, i) => ({ clusterId: 'cluster-a', eventId: record(i).eventId }));
    const found = await stored.findStored(keys);
    expect(found.map((s) => s.eventId).sort()).toEqual([0, 1, 2].map((i) => record(i).eventId).sort());
  });

  it('looks up the keys of 8,000 clusters in one call (a SQL term per cluster would pass max_query_size)', async () => {
    await repository.insertRecords(
      [0, 7_999].map((i) => ({
        record: record(i, { clusterId: `cluster-many-${i}` }),
        partition: 9,
        offset: String(i),
      })),
    );
    const keys = Array.from({ length: 8_000 }, (_, i) => ({
      clusterId: `cluster-many-${i}`,
      eventId: record(i).eventId,
    }));
    const found = await stored.findStored(keys);
    expect(found.map((s) => s.clusterId).sort()).toEqual(['cluster-many-0', 'cluster-many-7999']);
  });

  it('stores slice_hours as the domain cuts the record: the hours ClickHouse derives match sliceByHour', async () => {
    // a tenant of its own: the crash test below rebuilds the other tenants' rollups from one partition
    const cases = [
      record(30, { tenantId: 'tenant-slices', startedAt: T0, endedAt: T0 }), // zero length: one slice in its start hour
      // four hours, inexact shares
      record(31, { tenantId: 'tenant-slices', startedAt: T0 + 17, endedAt: T0 + 3 * HOUR + 5 }),
      record(32, {
        tenantId: 'tenant-slices',
        startedAt: Date.UTC(2026, 10, 30, 15, 59, 59, 999),
        endedAt: Date.UTC(2026, 10, 30, 16, 0, 0, 2),
      }), // across a month end in Shanghai
    ];
    await repository.insertRecords(cases.map((r, i) => ({ record: r, partition: 3, offset: String(i) })));
    const rows = await (
      await client.query({
        query: `SELECT event_id, arrayMap(h -> toUnixTimestamp(h) * 1000, slice_hours) AS hours, arrayMap(q ->
          toString(q), slice_quantities) AS quantities
              FROM ${db}.usage_records WHERE event_id IN {ids:Array(String)} ORDER BY event_id`,
        query_params: { ids: cases.map((r) => r.eventId) },
        format: 'JSONEachRow',
      })
    ).json<{ event_id: string; hours: string[]; quantities: string[] }>();
    expect(rows.map((r) => [r.event_id, r.hours.map(Number), r.quantities])).toEqual(
      cases.map((r) => [r.eventId, sliceByHour(r).map((s) => s.hourStart), sliceByHour(r).map((s) => s.quantity)]),
    );
  });

  it('replaying a batch stores nothing twice, and rebuilds rollups a crash left incomplete', async () => {
    const processor = new UsageSinkProcessor(repository, stored);
    const messages = [10, 11, 12, 10].map((i, k) => ({
      partition: 1,
      offset: String(100 + k),
      value: encodeUsageMessage({ records: [record(i)], receivedAt: Date.now(), requestId: 'r' }),
    }));
    expect(await processor.processBatch(messages)).toMatchObject({ inserted: 3, duplicates: 1 });
    // the replay after a crash
    expect(await processor.processBatch(messages)).toMatchObject({ inserted: 0, duplicates: 4 });

    // a crash between the raw part and the view part of an INSERT leaves the rollup short: simulate it
    const before = await queries.rollupTotals();
    await client.command({
      query: `DELETE FROM ${db}.usage_hourly WHERE tenant_id = 'tenant-1'`,
      clickhouse_settings: { lightweight_deletes_sync: '2' },
    });
    expect(await queries.rollupTotals()).not.toEqual(before);
    // the batch was never committed (offset 100): recovery finds what was stored past it and rebuilds those hours
    expect(await processor.recoverPartition(1, '100')).toBeGreaterThan(0);
    expect(await queries.rollupTotals()).toEqual(await queries.rawTotals());
    expect(await queries.rollupTotals()).toEqual(before);
  });

  it('rebuilds a window of over 20,000 tenant-hours exactly, and again after a rebuild cut off half-way', async () => {
    // 30 tenants × one 31-day record (744 hours) each = 22,320 tenant-hours past offset 0 of partition 7, beside
    // another partition's records of the same tenants and hours, which the rebuild must count once too
    const long = (i: number, partition: number) =>
      record(1_000 + i + partition * 100, {
        tenantId: `tenant-window-${i}`,
        startedAt: Date.UTC(2026, 9, 1),
        endedAt: Date.UTC(2026, 9, 1) + 31 * 24 * HOUR,
        quantity: '2678400',
      });
    const tenants = Array.from({ length: 30 }, (_, i) => i);
    await repository.insertRecords(tenants.map((i) => ({ record: long(i, 7), partition: 7, offset: String(i) })));
    await repository.insertRecords(tenants.map((i) => ({ record: long(i, 8), partition: 8, offset: String(i) })));
    const expected = await hourlyFromRaw();
    // a crash between raw and view parts: the window's rollups gone
    await client.command({
      query: `DELETE FROM ${db}.usage_hourly WHERE startsWith(tenant_id, 'tenant-window-')`,
      clickhouse_settings: { lightweight_deletes_sync: '2' },
    });

    const processor = new UsageSinkProcessor(repository, stored);
    expect(await processor.recoverPartition(7, '0')).toBe(30 * 744);
    expect(await hourlyFromRollup()).toEqual(expected);

    // cut off half-way: some hours deleted and not rebuilt yet; the next recovery puts them right, counted once
    await client.command({
      query: `DELETE FROM ${db}.usage_hourly WHERE tenant_id IN ('tenant-window-3', 'tenant-window-17')`,
      clickhouse_settings: { lightweight_deletes_sync: '2' },
    });
    expect(await processor.recoverPartition(7, '0')).toBe(30 * 744);
    expect(await processor.recoverPartition(7, '0')).toBe(30 * 744);
    expect(await hourlyFromRollup()).toEqual(expected);
    expect(await queries.rollupTotals()).toEqual(await queries.rawTotals());
  });

  /** Quantity and records per tenant-hour of the window's tenants, from the raw slices and from the rollup. */
  async function hourlyFromRaw(): Promise<Record<string, string>> {
    return perHour(`SELECT tenant_id, toUnixTimestamp(slice.1) AS h, toString(sum(slice.2)) AS q,
      toString(sum(toUInt64(i = 1))) AS n
      FROM ${db}.usage_records FINAL ARRAY JOIN arrayZip(slice_hours, slice_quantities) AS slice,
        arrayEnumerate(slice_hours) AS i
      WHERE startsWith(tenant_id, 'tenant-window-') GROUP BY tenant_id, h`);
  }
  async function hourlyFromRollup(): Promise<Record<string, string>> {
    return perHour(`SELECT tenant_id, toUnixTimestamp(hour) AS h, toString(sum(quantity)) AS q, toString(sum(records))
      AS n
      FROM ${db}.usage_hourly WHERE startsWith(tenant_id, 'tenant-window-') GROUP BY tenant_id, h`);
  }
  async function perHour(query: string): Promise<Record<string, string>> {
    const rows = await (
      await client.query({ query, format: 'JSONEachRow' })
    ).json<{ tenant_id: string; h: string; q: string; n: string }>();
    return Object.fromEntries(rows.map((r) => [`${r.tenant_id}@${r.h}`, `${r.q}/${r.n}`]));
  }

  it('keeps the first of two records that reuse an event id with other content, and reports the conflict', async () => {
    const processor = new UsageSinkProcessor(repository, stored);
    const first = record(20);
    const reused = record(20, { quantity: '1' });
    const out = await processor.processBatch([
      {
        partition: 2,
        offset: '1',
        value: encodeUsageMessage({ records: [first], receivedAt: Date.now(), requestId: 'a' }),
      },
      {
        partition: 2,
        offset: '2',
        value: encodeUsageMessage({ records: [reused], receivedAt: Date.now(), requestId: 'b' }),
      },
    ]);
    expect(out).toMatchObject({ inserted: 1, conflicts: 1 });
    const [kept] = await stored.findStored([first]);
    expect(kept.quantity).toBe('7200.5');
  });
});
