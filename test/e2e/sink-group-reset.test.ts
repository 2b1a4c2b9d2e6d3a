import type { Server } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import { ClickHouseService } from '@park/clickhouse';
import type { AppConfig } from '@park/config';
import { PrismaService } from '@park/db';
import { consumerGroup, createKafka, topicName } from '@park/kafka';
import { createLogger } from '@park/logging';
import { seedSimulatedPark, type SeededPark } from '@park/park-seed';
import { createApp } from '@park/platform';
import { StoredRecordQueries } from '@park/usage-pipeline';
import { createPark, generateRecords, totals, type UsageRecordWire } from '@park/usage-domain';
import { PARK_APP } from '../../apps/park/src/park.app';
import { batchesByCluster, pushBatch, waitFor } from '../support/agent-client';
import { testConfig, uniqueId } from '../support/test-config';
import { usageTotals } from '../support/usage-totals';

const HOUR = 3_600_000;
const silent = createLogger({ app: 'test', level: 'silent' });

// Records stored past the committed offset, then the consumer group's offsets reset (a new Kafka cluster, a
// re-created topic, expired group offsets): the restarted sink rebuilds the rollups of a window of over 20,000
// tenant-hours, replays the topic harmlessly and goes on. Through the real gateway, Kafka, sink and ClickHouse.
describe('sink restart after a consumer-group reset, with a recovery window of 20,000+ tenant-hours', () => {
  // one partition, so the whole window is one partition's recovery
  const config: AppConfig = testConfig({ KAFKA_USAGE_PARTITIONS: '1' });
  let app: INestApplication | undefined;
  let seeded: SeededPark;

  afterAll(async () => {
    await app?.close();
  });

  it('counts every record once, and the rollups equal the raw records hour by hour', async () => {
    app = await createApp(config, silent, PARK_APP);
    await app.init();
    seeded = await seedSimulatedPark(
      app.get(PrismaService).client,
      createPark(23, { tenants: 30, prefix: uniqueId('gr') }),
    );
    const now = Date.now();
    // per tenant a 31-day record (the longest accepted, 745 UTC hours), beside ordinary ones
    const long = generateRecords(seeded.park, { from: now - 2 * 86_400_000, to: now - 60_000, count: 600 })
      .filter((r, i, all) => all.findIndex((o) => o.tenant_id === r.tenant_id) === i)
      .map((r) => {
        const started = Math.floor((now - 31 * 24 * HOUR - 2 * HOUR) / 1000) * 1000 + 1_234;
        return {
          ...r,
          event_id: `${r.event_id}-long`,
          started_at: new Date(started).toISOString(),
          ended_at: new Date(started + 31 * 24 * HOUR).toISOString(),
          quantity: String(31 * 24 * 3600),
        };
      });
    expect(long).toHaveLength(30);
    const first = [...long, ...generateRecords(seeded.park, { from: now - 86_400_000, to: now - 60_000, count: 600 })];
    await push(app.getHttpServer(), first);
    const ch = app.get(ClickHouseService);
    const queries = usageTotals(ch.client, ch.database);
    await waitFor(
      'first records stored',
      () => queries.rawTotals(),
      (t) => Number(t.records) === first.length,
    );
    const window = await new StoredRecordQueries(ch.client, ch.database).tenantsStoredSince(0, '0');
    expect(window.reduce((n, t) => n + t.hours, 0)).toBeGreaterThan(20_000);

    // stop, reset the group's offsets to the beginning, start again
    await app.close();
    app = undefined;
    const admin = createKafka(config.kafka).admin();
    await admin.connect();
    try {
      await admin.resetOffsets({
        groupId: consumerGroup(config.kafka, 'usageSink'),
        topic: topicName(config.kafka, 'usageRecords'),
        earliest: true,
      });
    } finally {
      await admin.disconnect();
    }
    app = await createApp(config, silent, PARK_APP);
    await app.init();
    const later = generateRecords(seeded.park, { from: now - 3_600_000, to: Date.now() - 1_000, count: 300 }).map(
      (r) => ({ ...r, event_id: `${r.event_id}-later` }),
    );
    await push(app.getHttpServer(), later);

    const all = totals([...first, ...later]);
    const ch2 = app.get(ClickHouseService);
    const queries2 = usageTotals(ch2.client, ch2.database);
    const raw = await waitFor(
      'later records stored',
      () => queries2.rawTotals(),
      (t) => Number(t.records) >= all.count,
      120_000,
    );
    expect(Number(raw.records)).toBe(all.count);
    expect(raw.byTenantSku).toEqual(Object.fromEntries(all.lines.map((l) => [`${l.tenantId}|${l.sku}`, l.quantity])));
    await waitFor(
      'rollups equal to the raw records',
      () => queries2.rollupTotals(),
      (t) => isDeepStrictEqual(t, raw),
      60_000,
    );
    expect(await perHour(ch2, 'rollup')).toEqual(await perHour(ch2, 'raw'));
  });

  async function push(server: Server, records: UsageRecordWire[]): Promise<void> {
    for (const batch of batchesByCluster(records, 250)) {
      const res = await pushBatch(server, batch.clusterId, seeded.credentials.get(batch.clusterId)!, batch.records);
      expect({ status: res.status, rejected: res.body.rejected, error: res.body.error }).toEqual({
        status: 200,
        rejected: 0,
        error: undefined,
      });
    }
  }
});

/** Quantity and records per tenant-hour, from the de-duplicated raw slices or from the rollup bills read. */
async function perHour(ch: ClickHouseService, from: 'raw' | 'rollup'): Promise<Record<string, string>> {
  const query =
    from === 'raw'
      ? `SELECT tenant_id, toUnixTimestamp(slice.1) AS h, toString(sum(slice.2)) AS q, toString(sum(toUInt64(i = 1)))
        AS n
       FROM ${ch.database}.usage_records FINAL ARRAY JOIN arrayZip(slice_hours, slice_quantities) AS slice,
         arrayEnumerate(slice_hours) AS i
       GROUP BY tenant_id, h`
      : `SELECT tenant_id, toUnixTimestamp(hour) AS h, toString(sum(quantity)) AS q, toString(sum(records)) AS n
       FROM ${ch.database}.usage_hourly GROUP BY tenant_id, h`;
  const rows = await (
    await ch.client.query({ query, format: 'JSONEachRow' })
  ).json<{ tenant_id: string; h: string; q: string; n: string }>();
  return Object.fromEntries(rows.map((r) => [`${r.tenant_id}@${r.h}`, `${r.q}/${r.n}`]));
}
