import type { ClickHouseClient } from '@clickhouse/client';
import { connectClickHouse, migrateClickHouse } from '@park/clickhouse';
import { Decimal } from '@park/money';
import type { UsageRecord } from '@park/usage-domain';
import { ClaimUsageQueries, UsageRecordsRepository, type JobQuantityRow } from '@park/usage-pipeline';
import { testConfig } from '../support/test-config';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOV = { from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 11, 1) }; // the usage period 2026-11
const T10 = Date.UTC(2026, 10, 2, 10); // 2026-11-02 10:00 UTC

function record(eventId: string, overrides: Partial<UsageRecord>): UsageRecord {
  return {
    eventId,
    clusterId: 'cl-1',
    tenantId: 'tenant-a',
    jobId: 'job-1',
    jobType: 'training',
    sku: 'gpu.h100-80g',
    quantity: '900',
    deviceCount: 1,
    startedAt: T10,
    endedAt: T10 + HOUR,
    attributes: {},
    ...overrides,
  };
}

/** queries/claim-usage.queries.ts against the real engine: per-job quantities of the hours a claim line covers. */
describe('claim usage queries (ClickHouse)', () => {
  const config = testConfig();
  const db = config.clickhouse.database;
  let client: ClickHouseClient;
  let records: UsageRecordsRepository;
  let queries: ClaimUsageQueries;

  beforeAll(async () => {
    const clickhouse = connectClickHouse(config.clickhouse);
    client = clickhouse.client;
    await migrateClickHouse(client, { database: db });
    const stored = [
      // 10:30–12:00: a third in hour 10, two thirds in hour 11
      record('ev-1', { jobId: 'job-1', startedAt: T10 + HOUR / 2, endedAt: T10 + 2 * HOUR, quantity: '900' }),
      // the same event twice (a redelivery): counted once (FINAL)
      record('ev-2', { jobId: 'job-2', startedAt: T10 + 3 * HOUR, endedAt: T10 + 4 * HOUR, quantity: '60' }),
      record('ev-2', { jobId: 'job-2', startedAt: T10 + 3 * HOUR, endedAt: T10 + 4 * HOUR, quantity: '60' }),
      // another tenant, and the same tenant in December: neither is read
      record('ev-3', { tenantId: 'tenant-b', jobId: 'job-3' }),
      record('ev-4', { jobId: 'job-4', startedAt: NOV.to + HOUR, endedAt: NOV.to + 2 * HOUR }),
    ];
    records = new UsageRecordsRepository(clickhouse, db);
    await records.insertRecords(stored.map((r, i) => ({ record: r, partition: 0, offset: String(i) })));
    queries = new ClaimUsageQueries(client, db);
  });
  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${db}` });
    await client.close();
  });

  const quantities = (rows: JobQuantityRow[]) =>
    Object.fromEntries(rows.map((r) => [`${r.sku}|${r.jobType}|${r.jobId}`, new Decimal(r.quantity).toFixed(6)]));

  it('sums each job of the tenant over the whole period, a redelivered record once', async () => {
    const rows = await queries.jobQuantities({ tenantId: 'tenant-a', period: NOV, within: NOV, outside: [] });
    expect(quantities(rows)).toEqual({
      'gpu.h100-80g|training|job-1': '900.000000',
      'gpu.h100-80g|training|job-2': '60.000000',
    });
  });

  it('takes only the slices whose hour lies inside `within` and outside every `outside` window', async () => {
    const hour10 = { from: T10, to: T10 + HOUR };
    const within = await queries.jobQuantities({ tenantId: 'tenant-a', period: NOV, within: hour10, outside: [] });
    expect(quantities(within)).toEqual({ 'gpu.h100-80g|training|job-1': '300.000000' });
    const day = { from: T10 - 10 * HOUR, to: T10 + 14 * HOUR };
    const outside = await queries.jobQuantities({ tenantId: 'tenant-a', period: NOV, within: day, outside: [hour10] });
    expect(quantities(outside)).toEqual({
      'gpu.h100-80g|training|job-1': '600.000000',
      'gpu.h100-80g|training|job-2': '60.000000',
    });
  });

  it('reads slices inside the period of records that started before it, nothing of another month', async () => {
    const early = record('ev-5', {
      jobId: 'job-5',
      startedAt: NOV.from - HOUR,
      endedAt: NOV.from + HOUR,
      quantity: '10',
    });
    await records.insertRecords([{ record: early, partition: 0, offset: '99' }]);
    const rows = await queries.jobQuantities({ tenantId: 'tenant-a', period: NOV, within: NOV, outside: [] });
    expect(quantities(rows)['gpu.h100-80g|training|job-5']).toBe('5.000000');
    expect(quantities(rows)['gpu.h100-80g|training|job-4']).toBeUndefined();
    const december = { from: NOV.to, to: NOV.to + 31 * DAY };
    const dec = await queries.jobQuantities({ tenantId: 'tenant-a', period: december, within: december, outside: [] });
    expect(quantities(dec)).toEqual({ 'gpu.h100-80g|training|job-4': '900.000000' });
  });
});
