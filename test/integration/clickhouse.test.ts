import { createClickHouseClient, migrateClickHouse, readMigrations } from '@park/clickhouse';
import type { ClickHouseClient } from '@clickhouse/client';
import { testConfig } from '../support/test-config';

describe('ClickHouse (embedded chDB unless CLICKHOUSE_URL is set)', () => {
  const config = testConfig();
  const db = config.clickhouse.database;
  let client: ClickHouseClient;

  beforeAll(() => {
    client = createClickHouseClient(config.clickhouse);
  });
  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${db}` });
    await client.close();
  });

  it('applies the committed migrations once and records them', async () => {
    const first = await migrateClickHouse(client, { database: db });
    expect(first.applied).toHaveLength(readMigrations().length);
    const second = await migrateClickHouse(client, { database: db });
    expect(second).toEqual({ applied: [], alreadyApplied: readMigrations().length });
  });

  it('inserts and selects exact quantities, and the hourly rollup follows the raw records', async () => {
    const row = (eventId: string, quantity: string, slices: [string, string][]) => ({
      cluster_id: 'c1',
      event_id: eventId,
      tenant_id: 'tenant-a',
      job_id: 'j1',
      job_type: 'training',
      sku: 'gpu.h100-80g',
      quantity,
      device_count: 8,
      started_at: '2026-11-01 15:30:00.000',
      ended_at: '2026-11-01 16:30:00.000',
      attributes: {},
      slice_hours: slices.map(([h]) => h),
      slice_quantities: slices.map(([, q]) => q),
      kafka_partition: 0,
      kafka_offset: 1,
    });
    await client.insert({
      table: `${db}.usage_records`,
      format: 'JSONEachRow',
      values: [
        row('e1', '28800.000001', [
          ['2026-11-01 15:00:00', '14400.000000'],
          ['2026-11-01 16:00:00', '14400.000001'],
        ]),
        row('e2', '0.1', [['2026-11-01 16:00:00', '0.1']]),
      ],
    });
    const raw = await (
      await client.query({
        query: `SELECT sum(quantity) AS q, count() AS n FROM ${db}.usage_records FINAL`,
        format: 'JSONEachRow',
      })
    ).json<{ q: string; n: string }>();
    expect(raw).toEqual([{ q: '28800.100001', n: '2' }]);
    const hourly = await (
      await client.query({
        query:
          `SELECT toString(hour) AS hour, sum(quantity) AS q, sum(records) AS r FROM ${db}.usage_hourly WHERE ` +
          `tenant_id = {t:String} GROUP BY hour ORDER BY hour`,
        query_params: { t: 'tenant-a' },
        format: 'JSONEachRow',
      })
    ).json();
    expect(hourly).toEqual([
      { hour: '2026-11-01 15:00:00', q: '14400', r: '1' },
      { hour: '2026-11-01 16:00:00', q: '14400.100001', r: '1' },
    ]);
  });
});
