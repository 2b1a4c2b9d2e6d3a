import type { ClickHouseClient } from '@clickhouse/client';
import { connectClickHouse, migrateClickHouse } from '@park/clickhouse';
import { UsageBillingQueries, UsageRecordsRepository, UsageSinkProcessor, encodeUsageMessage } from '@park/usage-pipeline';
import { sliceByHour, type UsageRecord } from '@park/usage-domain';
import { testConfig } from '../support/test-config';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 1, 15, 30); // 23:30 in Asia/Shanghai: the record crosses into November 2nd there

function record(i: number, overrides: Partial<UsageRecord> = {}): UsageRecord {
  return {
    eventId: `ev-${'x'.repeat(40)}-${i}`, clusterId: 'cluster-a', tenantId: `tenant-${i % 3}`, jobId: `job-${i}`, jobType: 'training',
    sku: 'gpu.h100-80g', quantity: '7200.5', deviceCount: 2, startedAt: T0, endedAt: T0 + HOUR, attributes: {}, ...overrides,
  };
}

describe('usage records in ClickHouse: de-duplication and crash recovery', () => {
  const config = testConfig();
  const db = config.clickhouse.database;
  let client: ClickHouseClient;
  let repository: UsageRecordsRepository;
  let queries: UsageBillingQueries;

  beforeAll(async () => {
    const clickhouse = connectClickHouse(config.clickhouse);
    client = clickhouse.client;
    await migrateClickHouse(client, { database: db });
    repository = new UsageRecordsRepository(clickhouse, db);
    queries = new UsageBillingQueries(client, db);
  });
  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${db}` });
    await client.close();
  });

  it('looks up thousands of long keys in one call (beyond the default query size)', async () => {
    await repository.insertRecords([0, 1, 2].map((i) => ({ record: record(i), partition: 0, offset: String(i) })));
    const keys = Array.from({ length: 6_000 }, (_, i) => ({ clusterId: 'cluster-a', eventId: record(i).eventId }));
    const stored = await repository.findStored(keys);
    expect(stored.map((s) => s.eventId).sort()).toEqual([0, 1, 2].map((i) => record(i).eventId).sort());
  });

  it('stores slice_hours as the domain cuts the record: the hours ClickHouse derives match sliceByHour', async () => {
    // a tenant of its own: the crash test below rebuilds the other tenants' rollups from one partition
    const cases = [
      record(30, { tenantId: 'tenant-slices', startedAt: T0, endedAt: T0 }), // zero length: one slice in its start hour
      record(31, { tenantId: 'tenant-slices', startedAt: T0 + 17, endedAt: T0 + 3 * HOUR + 5 }), // four hours, inexact shares
      record(32, { tenantId: 'tenant-slices', startedAt: Date.UTC(2026, 10, 30, 15, 59, 59, 999), endedAt: Date.UTC(2026, 10, 30, 16, 0, 0, 2) }), // across a month end in Shanghai
    ];
    await repository.insertRecords(cases.map((r, i) => ({ record: r, partition: 3, offset: String(i) })));
    const rows = await (await client.query({
      query: `SELECT event_id, arrayMap(h -> toUnixTimestamp(h) * 1000, slice_hours) AS hours, arrayMap(q -> toString(q), slice_quantities) AS quantities
              FROM ${db}.usage_records WHERE event_id IN {ids:Array(String)} ORDER BY event_id`,
      query_params: { ids: cases.map((r) => r.eventId) }, format: 'JSONEachRow',
    })).json<{ event_id: string; hours: string[]; quantities: string[] }>();
    expect(rows.map((r) => [r.event_id, r.hours.map(Number), r.quantities])).toEqual(
      cases.map((r) => [r.eventId, sliceByHour(r).map((s) => s.hourStart), sliceByHour(r).map((s) => s.quantity)]),
    );
  });

  it('replaying a batch stores nothing twice, and rebuilds rollups a crash left incomplete', async () => {
    const processor = new UsageSinkProcessor(repository);
    const messages = [10, 11, 12, 10].map((i, k) => ({
      partition: 1, offset: String(100 + k), value: encodeUsageMessage({ records: [record(i)], receivedAt: Date.now(), requestId: 'r' }),
    }));
    expect(await processor.processBatch(messages)).toMatchObject({ inserted: 3, duplicates: 1 });
    expect(await processor.processBatch(messages)).toMatchObject({ inserted: 0, duplicates: 4 }); // the replay after a crash

    // a crash between the raw part and the view part of an INSERT leaves the rollup short: simulate it
    const before = await queries.rollupTotals();
    await client.command({ query: `DELETE FROM ${db}.usage_hourly WHERE tenant_id = 'tenant-1'`, clickhouse_settings: { lightweight_deletes_sync: '2' } });
    expect(await queries.rollupTotals()).not.toEqual(before);
    // the batch was never committed (offset 100): recovery finds what was stored past it and rebuilds those hours
    expect(await processor.recoverPartition(1, '100')).toBeGreaterThan(0);
    expect(await queries.rollupTotals()).toEqual(await queries.rawTotals());
    expect(await queries.rollupTotals()).toEqual(before);
  });

  it('keeps the first of two records that reuse an event id with other content, and reports the conflict', async () => {
    const processor = new UsageSinkProcessor(repository);
    const first = record(20);
    const reused = record(20, { quantity: '1' });
    const out = await processor.processBatch([
      { partition: 2, offset: '1', value: encodeUsageMessage({ records: [first], receivedAt: Date.now(), requestId: 'a' }) },
      { partition: 2, offset: '2', value: encodeUsageMessage({ records: [reused], receivedAt: Date.now(), requestId: 'b' }) },
    ]);
    expect(out).toMatchObject({ inserted: 1, conflicts: 1 });
    const [stored] = await repository.findStored([first]);
    expect(stored.quantity).toBe('7200.5');
  });
});
