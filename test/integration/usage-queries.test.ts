import type { ClickHouseClient } from '@clickhouse/client';
import { connectClickHouse, migrateClickHouse } from '@park/clickhouse';
import { computeDailyManifests, type UsageRecord } from '@park/usage-domain';
import {
  ManifestStatusQueries,
  ManifestsRepository,
  RawUsageQueries,
  StoredRecordQueries,
  UsageRecordsRepository,
  UsageRollupQueries,
} from '@park/usage-pipeline';
import { testConfig } from '../support/test-config';

const at = (iso: string) => Date.parse(iso);
/** November 2026 in Asia/Shanghai, the billing month, in UTC. */
const NOV = { from: at('2026-10-31T16:00:00Z'), to: at('2026-11-30T16:00:00Z') };

function record(eventId: string, fields: Partial<UsageRecord> & Pick<UsageRecord, 'startedAt' | 'endedAt'>) {
  return {
    eventId,
    clusterId: 'cl-q',
    tenantId: 't-a',
    jobId: `job-${eventId}`,
    jobType: 'training',
    sku: 'gpu.h100-80g',
    quantity: '3600',
    deviceCount: 1,
    attributes: {},
    ...fields,
  } satisfies UsageRecord;
}

/** r1 crosses the Shanghai month boundary (an October hour and a November hour); r2 and r3 are inside November. */
const r1 = record('r1', {
  jobId: 'j1',
  deviceCount: 2,
  quantity: '7200',
  startedAt: at('2026-10-31T15:30:00Z'),
  endedAt: at('2026-10-31T16:30:00Z'),
});
const r2 = record('r2', {
  jobType: 'inference',
  quantity: '3600.5',
  startedAt: at('2026-11-02T10:00:00Z'),
  endedAt: at('2026-11-02T11:00:00Z'),
});
const r3 = record('r3', {
  tenantId: 't-b',
  sku: 'gpu.ascend-910b',
  quantity: '1000',
  startedAt: at('2026-11-02T10:00:00Z'),
  endedAt: at('2026-11-02T12:00:00Z'),
});

const rejection = {
  v: 1,
  rejectionId: '6f1c3f0e-2b7a-4c55-9d0e-0a1b2c3d4e5f',
  clusterId: 'cl-q',
  reasonCode: 'QUANTITY_INVALID',
  message: 'quantity: not a decimal',
  eventId: 'r9',
  tenantId: 't-a',
  payload: '{}',
  requestId: 'req-0',
  receivedAt: at('2026-11-02T09:00:00Z'),
} as const;

/** Each read of libs/usage-pipeline/src/queries (but reconciliation's, in reconciliation-queries.test.ts). */
describe('usage queries (ClickHouse)', () => {
  const config = testConfig();
  const db = config.clickhouse.database;
  let client: ClickHouseClient;
  let rollup: UsageRollupQueries;
  let raw: RawUsageQueries;
  let stored: StoredRecordQueries;

  beforeAll(async () => {
    const clickhouse = connectClickHouse(config.clickhouse);
    client = clickhouse.client;
    await migrateClickHouse(client, { database: db });
    const repository = new UsageRecordsRepository(clickhouse, db);
    await repository.insertRecords([
      { record: r1, partition: 0, offset: '0' },
      { record: r2, partition: 0, offset: '1' },
      { record: r3, partition: 1, offset: '0' },
    ]);
    await repository.insertRejected([rejection]);
    rollup = new UsageRollupQueries(client, db);
    raw = new RawUsageQueries(client, db);
    stored = new StoredRecordQueries(client, db);
  });
  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${db}` });
    await client.close();
  });

  it("sums a tenant's month by SKU, a record counted in the hour it started", async () => {
    expect(await rollup.quantitiesBySku('t-a', NOV.from, NOV.to)).toEqual([
      { sku: 'gpu.h100-80g', quantity: '7200.5', records: '1' },
    ]);
    expect(await rollup.quantitiesBySku('t-a', at('2026-10-01T00:00:00Z'), NOV.from)).toEqual([
      { sku: 'gpu.h100-80g', quantity: '3600', records: '1' },
    ]);
  });

  it("sums a tenant's usage per rating interval, and every tenant's for a close", async () => {
    const cut = at('2026-11-02T11:00:00Z');
    const intervals = [
      { start: new Date(NOV.from), end: new Date(cut) },
      { start: new Date(cut), end: new Date(NOV.to) },
    ];
    expect(await rollup.intervalQuantities('t-b', intervals)).toEqual([
      { sku: 'gpu.ascend-910b', jobType: 'training', interval: 0, quantity: '500' },
      { sku: 'gpu.ascend-910b', jobType: 'training', interval: 1, quantity: '500' },
    ]);
    expect(await rollup.intervalQuantities('t-a', [])).toEqual([]);
    const all = await rollup.intervalQuantitiesOfAllTenants(NOV.from, NOV.to, [cut]);
    const key = (r: { tenantId: string; jobType: string; interval: number }) =>
      `${r.tenantId}|${r.jobType}|${r.interval}`;
    expect([...all].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([
      { tenantId: 't-a', sku: 'gpu.h100-80g', jobType: 'inference', interval: 0, quantity: '3600.5' },
      { tenantId: 't-a', sku: 'gpu.h100-80g', jobType: 'training', interval: 0, quantity: '3600' },
      { tenantId: 't-b', sku: 'gpu.ascend-910b', jobType: 'training', interval: 0, quantity: '500' },
      { tenantId: 't-b', sku: 'gpu.ascend-910b', jobType: 'training', interval: 1, quantity: '500' },
    ]);
  });

  it("sums a tenant's usage per Shanghai day and rating interval (the daily trend)", async () => {
    const cut = at('2026-11-02T11:00:00Z');
    const intervals = [
      { start: new Date(NOV.from), end: new Date(cut) },
      { start: new Date(cut), end: new Date(NOV.to) },
    ];
    // r1's November hour starts at 00:00 on 1 November in Shanghai (16:00 UTC on 31 October); its October hour is out
    expect(await rollup.dailyIntervalQuantities('t-a', intervals)).toEqual([
      { day: '2026-11-01', sku: 'gpu.h100-80g', jobType: 'training', interval: 0, quantity: '3600' },
      { day: '2026-11-02', sku: 'gpu.h100-80g', jobType: 'inference', interval: 0, quantity: '3600.5' },
    ]);
    expect(await rollup.dailyIntervalQuantities('t-b', intervals)).toEqual([
      { day: '2026-11-02', sku: 'gpu.ascend-910b', jobType: 'training', interval: 0, quantity: '500' },
      { day: '2026-11-02', sku: 'gpu.ascend-910b', jobType: 'training', interval: 1, quantity: '500' },
    ]);
    // 16:00 UTC is the next Shanghai day: an hour at 15:00 UTC on 31 October is 31 October's
    const october = [{ start: new Date(at('2026-09-30T16:00:00Z')), end: new Date(NOV.from) }];
    expect(await rollup.dailyIntervalQuantities('t-a', october)).toEqual([
      { day: '2026-10-31', sku: 'gpu.h100-80g', jobType: 'training', interval: 0, quantity: '3600' },
    ]);
    expect(await rollup.dailyIntervalQuantities('t-a', [])).toEqual([]);
  });

  it('splits quantities by Shanghai month, for the tenants asked for only', async () => {
    const rows = await rollup.periodQuantities(['t-a'], at('2026-10-01T00:00:00Z'), NOV.to);
    const line = (r: { periodId: string; jobType: string; quantity: string }) =>
      `${r.periodId} ${r.jobType} ${r.quantity}`;
    expect(rows.map(line).sort()).toEqual([
      '2026-10 training 3600',
      '2026-11 inference 3600.5',
      '2026-11 training 3600',
    ]);
    expect(new Set(rows.map((r) => r.tenantId))).toEqual(new Set(['t-a']));
    expect(await rollup.periodQuantities([], NOV.from, NOV.to)).toEqual([]);
  });

  it('finds the rollup totals equal to the raw totals', async () => {
    const totals = await raw.rawTotals();
    expect(totals).toEqual({
      records: '3',
      quantity: '11800.5',
      byTenantSku: { 't-a|gpu.h100-80g': '10800.5', 't-b|gpu.ascend-910b': '1000' },
    });
    expect(await rollup.rollupTotals()).toEqual(totals);
  });

  it('sizes training jobs across periods: the whole job and its part inside the range', async () => {
    expect(await raw.trainingJobSizes('t-a', NOV.from, NOV.to)).toEqual([
      { sku: 'gpu.h100-80g', jobId: 'j1', deviceCount: 2, totalQuantity: '7200', periodQuantity: '3600' },
    ]);
    expect(await raw.trainingJobSizes('t-a', at('2026-12-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))).toEqual([]);
  });

  it('reads what a partition stored past an offset: tenants, their rollup hours', async () => {
    expect(await stored.tenantsStoredSince(0, '0')).toEqual([{ tenantId: 't-a', hours: 3 }]);
    expect(await stored.tenantsStoredSince(0, '1')).toEqual([{ tenantId: 't-a', hours: 1 }]);
    expect(await stored.tenantsStoredSince(0, '2')).toEqual([]);
    const hours = await stored.tenantHoursStoredSince(1, '0', ['t-b']);
    expect(hours.map((h) => new Date(h.hour).toISOString()).sort()).toEqual([
      '2026-11-02T10:00:00.000Z',
      '2026-11-02T11:00:00.000Z',
    ]);
    expect(await stored.tenantHoursStoredSince(1, '0', ['t-a'])).toEqual([]);
    expect((await stored.findStored([{ clusterId: 'cl-q', eventId: 'r2' }])).map((k) => k.offset)).toEqual(['1']);
  });

  it("compares an agent's manifests with what was counted, per UTC day of ended_at", async () => {
    const status = new ManifestStatusQueries(client, db);
    const manifests = new ManifestsRepository(client, db);
    const nov2 = computeDailyManifests([r1, r2, r3]).find((m) => m.day === '2026-11-02')!;
    await manifests.store(nov2, 'req-1', at('2026-11-03T00:00:00Z'));
    const first = await status.reconcile('cl-q', '2026-10-31', '2026-11-02');
    expect(first.map((d) => [d.day, d.state, d.counted_records, d.manifest_records, d.rejected_records])).toEqual([
      ['2026-10-31', 'NO_MANIFEST', 1, 0, 0],
      ['2026-11-02', 'MATCHED', 2, 2, 1],
    ]);
    // a later manifest for the day replaces the first: now it disagrees
    await manifests.store({ ...nov2, recordCount: 3 }, 'req-2', at('2026-11-04T00:00:00Z'));
    const [day] = await status.reconcile('cl-q', '2026-11-02', '2026-11-02');
    expect(day).toMatchObject({ state: 'MISMATCHED', manifest_records: 3, counted_records: 2, rejected_records: 1 });
    expect(day.differences).toContainEqual({ kind: 'record_count', expected: 3, counted: 2 });
  });
});
