import type { Server } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import { Partitioners, type PartitionMetadata } from 'kafkajs';
import request from 'supertest';
import { ClickHouseService } from '@park/clickhouse';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { PrismaService } from '@park/db';
import { topicName } from '@park/kafka';
import { createLogger } from '@park/logging';
import { seedSimulatedPark, type SeededPark } from '@park/park-seed';
import { createApp } from '@park/platform';
import { createPark, generateRecords, totals, type UsageRecordWire } from '@park/usage-domain';
import { PARK_APP } from '../../apps/park/src/park.app';
import { batchesByCluster, pushBatch, waitFor } from '../support/agent-client';
import { testConfig, uniqueId } from '../support/test-config';
import { usageTotals, type UsageTotalsReader } from '../support/usage-totals';

const PARTITIONS = 3;

/** The partition the gateway's producer picks for a tenant (key = tenant, kafkajs's default partitioner). */
function partitionOf(topic: string, tenantId: string): number {
  const partitionMetadata = Array.from(
    { length: PARTITIONS },
    (_, p) => ({ partitionId: p, leader: 0 }) as PartitionMetadata,
  );
  return Partitioners.DefaultPartitioner()({ topic, partitionMetadata, message: { key: tenantId, value: null } });
}

/** The value of one series of /metrics, or undefined when the series does not exist. */
function series(text: string, name: string, labels: Record<string, string>): number | undefined {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

// The sink on its worker thread inside `park`, with a ClickHouse that refuses the rows of one tenant: a real
// failure of one partition's INSERT, removed later.
describe('a sink partition that keeps failing or stalls shows in /health and /metrics, and recovers', () => {
  let app: INestApplication;
  let server: Server;
  let seeded: SeededPark;
  let queries: UsageTotalsReader;
  let clickhouse: ClickHouseService;
  let topic: string;

  beforeAll(async () => {
    app = await createApp(
      // a store running over a second is named as stalled (the default is 5 minutes): the stall case makes one
      testConfig({ KAFKA_USAGE_PARTITIONS: String(PARTITIONS), SINK_STORE_STALL_MS: '1000' }),
      createLogger({ app: 'test', level: 'silent' }),
      PARK_APP,
    );
    await app.init();
    server = app.getHttpServer();
    seeded = await seedSimulatedPark(
      app.get(PrismaService).client,
      createPark(17, { tenants: 6, prefix: uniqueId('pf') }),
    );
    clickhouse = app.get(ClickHouseService);
    queries = usageTotals(clickhouse.client, clickhouse.database);
    topic = topicName(app.get<AppConfig>(APP_CONFIG).kafka, 'usageRecords');
  });

  afterAll(async () => {
    await app?.close();
  });

  it(
    'names the partition and its error while ClickHouse refuses it, the other partitions go on, then all is ' +
      'counted once',
    async () => {
      const tenants = seeded.park.tenants.map((t) => t.id);
      const victim = tenants[0];
      const stuck = partitionOf(topic, victim);
      const elsewhere = tenants.filter((t) => partitionOf(topic, t) !== stuck);
      expect(elsewhere.length).toBeGreaterThan(0);
      await clickhouse.client.command({
        query:
          `ALTER TABLE ${clickhouse.database}.usage_records ADD CONSTRAINT refuse_victim CHECK tenant_id != ` +
          `'${victim}'`,
      });

      const now = Date.now();
      const records = generateRecords(seeded.park, { from: now - 86_400_000, to: now - 60_000, count: 1_200 });
      expect(records.some((r) => r.tenant_id === victim)).toBe(true);
      await push(records);

      // the other partitions are stored meanwhile (tenant by tenant: the refused partition may have stored messages of
      // its other tenants that came before the victim's first one, so the total is no measure)
      const others = totals(records.filter((r) => elsewhere.includes(r.tenant_id)));
      await waitFor(
        'the other partitions stored',
        () => queries.rawTotals(),
        (t) => others.lines.every((l) => t.byTenantSku[`${l.tenantId}|${l.sku}`] === l.quantity),
      );

      const health = await waitFor(
        '/health degraded',
        async () => (await request(server).get('/health')).body,
        (b) => b.status === 'degraded',
      );
      const thread = health.threads['usage-sink'];
      expect(health).toMatchObject({ status: 'degraded', failing: ['usage-sink'] });
      expect(thread.status).toBe('degraded');
      expect(thread.error).toContain(`partition ${stuck}:`);
      expect(thread.error).toContain('refuse_victim');
      const failing = thread.checks['sink-partitions'].details.partitions as {
        partition: number;
        failures: number;
        error: string;
      }[];
      expect(failing.map((f) => f.partition)).toEqual([stuck]);
      expect(failing[0].failures).toBeGreaterThanOrEqual(3);
      expect((await request(server).get('/health')).status).toBe(503);

      const text = await waitFor(
        'lag of every partition',
        async () => (await request(server).get('/metrics')).text,
        (t) =>
          Array.from({ length: PARTITIONS }, (_, p) =>
            series(t, 'park_sink_consumer_lag', { partition: String(p) }),
          ).every((v) => v !== undefined),
      );
      expect(
        series(text, 'park_sink_partition_failures_total', { partition: String(stuck), step: 'store' }),
      ).toBeGreaterThanOrEqual(3);
      expect(series(text, 'park_sink_consumer_lag', { partition: String(stuck) })).toBeGreaterThan(0);
      // another partition never fails: a run shared with the refused one is run again batch by batch at once, so only
      // the refused one fails (and backs off)
      for (let p = 0; p < PARTITIONS; p += 1) {
        if (p !== stuck)
          expect(series(text, 'park_sink_partition_failures_total', { partition: String(p), step: 'store' }) ?? 0).toBe(
            0,
          );
      }

      // the cause removed: the partition stores its batches (once), /health is ok again, its lag goes to 0
      await clickhouse.client.command({
        query: `ALTER TABLE ${clickhouse.database}.usage_records DROP CONSTRAINT refuse_victim`,
      });
      const all = totals(records);
      const raw = await waitFor(
        'every record stored',
        () => queries.rawTotals(),
        (t) => Number(t.records) >= all.count,
        90_000,
      );
      expect(Number(raw.records)).toBe(all.count);
      expect(raw.byTenantSku).toEqual(Object.fromEntries(all.lines.map((l) => [`${l.tenantId}|${l.sku}`, l.quantity])));
      // a reader may see an INSERT's raw part a moment before its rollup part
      await waitFor(
        'rollups equal to the raw records',
        () => queries.rollupTotals(),
        (t) => isDeepStrictEqual(t, raw),
      );
      await waitFor(
        '/health ok',
        async () => (await request(server).get('/health')).status,
        (s) => s === 200,
      );
      await waitFor(
        'lag 0',
        async () =>
          series((await request(server).get('/metrics')).text, 'park_sink_consumer_lag', { partition: String(stuck) }),
        (v) => v === 0,
        30_000,
      );
    },
  );

  it('names a store that runs past SINK_STORE_STALL_MS as stalled while it runs, then is ok again', async () => {
    const tenants = seeded.park.tenants.map((t) => t.id);
    const slow = tenants[1];
    const partition = partitionOf(topic, slow);
    // each of the tenant's rows costs the INSERT 0.1 s (a real slow store: ClickHouse caps a block's sleep at 3 s)
    await clickhouse.client.command({
      query:
        `ALTER TABLE ${clickhouse.database}.usage_records ADD CONSTRAINT slow_tenant ` +
        `CHECK if(tenant_id = '${slow}', sleepEachRow(0.1), 0) = 0`,
    });
    const now = Date.now();
    const generated = generateRecords(seeded.park, { from: now - 86_400_000, to: now - 60_000, count: 1_500, seed: 3 });
    // 28 records in one push: one Kafka batch, one INSERT of 2.8 s (even split in two, each half passes 1 s)
    const records = generated.filter((r) => r.tenant_id === slow).slice(0, 28);
    expect(records).toHaveLength(28);
    const before = Number((await queries.rawTotals()).records);
    await push(records);

    // /health asked every 100 ms for 6 s, not one after the other: while the store runs, a request's ClickHouse ping
    // waits behind it (one embedded engine), and the store's checks are taken when a request comes in
    const bodies = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        await new Promise((r) => setTimeout(r, i * 100));
        return (await request(server).get('/health')).body;
      }),
    );
    const stalled = bodies.find((b) => b.threads['usage-sink'].checks?.['sink-partitions']?.details?.stalledStores);
    expect(stalled).toBeDefined();
    const check = stalled.threads['usage-sink'].checks['sink-partitions'];
    expect(check.status).toBe('failing');
    expect(check.error).toMatch(new RegExp(`partition ${partition}: store of the batch at offset \\d+ running for`));
    expect(check.details.stalledStores).toEqual([expect.objectContaining({ partition, step: 'store' })]);
    expect(stalled.failing).toEqual(['usage-sink']);

    await clickhouse.client.command({
      query: `ALTER TABLE ${clickhouse.database}.usage_records DROP CONSTRAINT slow_tenant`,
    });
    // the store ends (it was slow, not broken): every record counted, /health ok again
    await waitFor(
      'the slow batch stored',
      async () => Number((await queries.rawTotals()).records),
      (n) => n >= before + records.length,
    );
    expect(Number((await queries.rawTotals()).records)).toBe(before + records.length);
    await waitFor(
      '/health ok',
      async () => (await request(server).get('/health')).status,
      (s) => s === 200,
    );
  });

  async function push(records: UsageRecordWire[]): Promise<void> {
    for (const batch of batchesByCluster(records, 200)) {
      const res = await pushBatch(server, batch.clusterId, seeded.credentials.get(batch.clusterId)!, batch.records);
      expect({ status: res.status, rejected: res.body.rejected }).toEqual({ status: 200, rejected: 0 });
    }
  }
});
