import type { ClickHouseClient } from '@clickhouse/client';
import { connectClickHouse, migrateClickHouse } from '@park/clickhouse';
import { computeDailyManifests, type UsageRecord } from '@park/usage-domain';
import {
  ManifestsRepository,
  ReconciliationQueries,
  UsageRecordsRepository,
  UsageRollupQueries,
} from '@park/usage-pipeline';
import { testConfig } from '../support/test-config';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const D0 = Date.UTC(2026, 10, 2); // 2026-11-02
const FROM = D0;
const TO = D0 + 2 * DAY;

function record(i: number, overrides: Partial<UsageRecord> = {}): UsageRecord {
  const startedAt = D0 + (i % 40) * HOUR + 600_000;
  return {
    eventId: `ev-${String(i).padStart(6, '0')}`,
    clusterId: `cl-${i % 2}`,
    tenantId: `tenant-${i % 3}`,
    jobId: `job-${i}`,
    jobType: i % 5 === 0 ? 'inference' : 'training',
    sku: i % 4 === 0 ? 'gpu.ascend-910b' : 'gpu.h100-80g',
    quantity: `${(i % 7) + 1}800.25`,
    deviceCount: 1,
    startedAt,
    endedAt: startedAt + 90 * 60_000,
    attributes: {},
    ...overrides,
  };
}

/** Each query of reconciliation.queries.ts against the real engine: a clean set agrees, each alteration shows. */
describe('reconciliation queries (ClickHouse)', () => {
  const config = testConfig();
  const db = config.clickhouse.database;
  let client: ClickHouseClient;
  let queries: ReconciliationQueries;
  const records = Array.from({ length: 200 }, (_, i) => record(i));

  beforeAll(async () => {
    const clickhouse = connectClickHouse(config.clickhouse);
    client = clickhouse.client;
    await migrateClickHouse(client, { database: db });
    await new UsageRecordsRepository(clickhouse, db).insertRecords(
      records.map((r, i) => ({ record: r, partition: 0, offset: String(i) })),
    );
    const manifests = new ManifestsRepository(client, db);
    for (const m of computeDailyManifests(records)) await manifests.store(m, 'test');
    queries = new ReconciliationQueries(client, db);
  });
  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${db}` });
    await client.close();
  });

  const byDay = (rows: { clusterId: string; day: string }[]) =>
    [...rows].sort((a, b) => `${a.clusterId}${a.day}`.localeCompare(`${b.clusterId}${b.day}`));

  it('summarises manifests and records per cluster-day alike, checksums included', async () => {
    const [m, r] = await Promise.all([
      queries.manifestSummaries(FROM, TO + DAY),
      queries.recordSummaries(FROM, TO + DAY),
    ]);
    expect(m.length).toBeGreaterThanOrEqual(4);
    expect(byDay(r)).toEqual(byDay(m));
    const total = r.reduce((n, s) => n + Number(s.records), 0);
    expect(total).toBe(200);
  });

  it('reads manifest lines and record lines of the cluster-days asked for, and of no other', async () => {
    const days = [{ clusterId: 'cl-0', day: '2026-11-02' }];
    const [m, r] = await Promise.all([queries.manifestLines(days), queries.recordLines(days)]);
    const key = (l: { tenantId: string; sku: string; records: string; quantity: string }) =>
      `${l.tenantId}|${l.sku}|${l.records}|${l.quantity}`;
    expect(r.map(key).sort()).toEqual(m.map(key).sort());
    expect(new Set([...m, ...r].map((l) => `${l.clusterId}|${l.day}`))).toEqual(new Set(['cl-0|2026-11-02']));
  });

  it('finds the rollup equal to the slices, then an altered rollup row in its cluster-day and hour', async () => {
    const [rollup, slices] = await Promise.all([queries.rollupSummaries(FROM, TO), queries.sliceSummaries(FROM, TO)]);
    expect(byDay(rollup)).toEqual(byDay(slices));
    // a rollup row altered: a summing row of +1 record and +0.5 in one hour
    await client.command({
      query: `INSERT INTO ${db}.usage_hourly (tenant_id, hour, sku, job_type, cluster_id, quantity, records)
              VALUES ('tenant-1', '2026-11-02 05:00:00', 'gpu.h100-80g', 'training', 'cl-1', 0.5, 1)`,
    });
    const after = await queries.rollupSummaries(FROM, TO);
    const changed = byDay(after).filter((s, i) => JSON.stringify(s) !== JSON.stringify(byDay(slices)[i]));
    expect(changed.map((s) => `${s.clusterId}|${s.day}`)).toEqual(['cl-1|2026-11-02']);
    const days = [{ clusterId: 'cl-1', day: '2026-11-02' }];
    const [hours, raw] = await Promise.all([queries.rollupHours(days), queries.sliceHours(days)]);
    const at = (rows: typeof hours) =>
      rows.find(
        (h) =>
          h.tenantId === 'tenant-1' &&
          h.hourIso === '2026-11-02T05:00:00Z' &&
          h.sku === 'gpu.h100-80g' &&
          h.jobType === 'training',
      );
    const before = at(raw);
    expect(at(hours)?.records).toBe(String(Number(before?.records ?? 0) + 1));
  });

  it('finds a record stored twice (bypassing the sink), with its key, in a streaming GROUP BY', async () => {
    expect(await queries.clustersWithCopies(FROM - DAY, TO)).toEqual([]);
    expect(await queries.duplicateKeys(['cl-0', 'cl-1'], FROM - DAY, TO)).toEqual([]);
    const copy = records[7];
    await new UsageRecordsRepository(connectClickHouse(config.clickhouse), db).insertRecords([
      { record: copy, partition: 0, offset: '999' },
    ]);
    expect(await queries.clustersWithCopies(FROM - DAY, TO)).toEqual([copy.clusterId]);
    const dups = await queries.duplicateKeys([copy.clusterId], FROM - DAY, TO);
    expect(dups).toEqual([
      {
        clusterId: copy.clusterId,
        day: new Date(copy.startedAt).toISOString().slice(0, 10),
        keys: '1',
        rows: '2',
        sample: [copy.eventId],
      },
    ]);
  });

  it('passes many cluster-days and tenants as parameters (beyond max_ast_elements if inlined)', async () => {
    const days = Array.from({ length: 60_000 }, (_, i) => ({ clusterId: `cl-x${i}`, day: '2026-11-02' }));
    await expect(queries.recordLines(days)).resolves.toEqual([]);
    const tenants = Array.from({ length: 60_000 }, (_, i) => `tenant-x${i}`).concat(['tenant-2']);
    const q = await new UsageRollupQueries(client, db).periodQuantities(tenants, FROM, TO);
    expect(q.length).toBeGreaterThan(0);
    expect(new Set(q.map((r) => r.tenantId))).toEqual(new Set(['tenant-2']));
    expect(new Set(q.map((r) => r.periodId))).toEqual(new Set(['2026-11']));
  });

  it('counts arrivals per cluster-day: stored and rejected', async () => {
    const now = Date.now();
    const rows = await queries.arrivals(now - DAY, now + DAY);
    expect(rows.reduce((n, r) => n + Number(r.stored), 0)).toBe(201);
    expect(rows.every((r) => r.rejected === '0')).toBe(true);
  });
});
