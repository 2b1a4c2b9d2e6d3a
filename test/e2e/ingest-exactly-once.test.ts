import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { ClickHouseService } from '@park/clickhouse';
import { PrismaService } from '@park/db';
import { createLogger } from '@park/logging';
import { seedSimulatedPark, type SeededPark } from '@park/park-seed';
import { createApp } from '@park/platform';
import {
  computeDailyManifests,
  createPark,
  generateRecords,
  manifestToWire,
  totals,
  withRetries,
  type UsageRecordWire,
} from '@park/usage-domain';
import request from 'supertest';
import { signedHeaders } from '@park/agent-auth';
import { PARK_APP } from '../../apps/park/src/park.app';
import { batchesByCluster, pushBatch, waitFor } from '../support/agent-client';
import { testConfig, uniqueId } from '../support/test-config';
import { usageTotals, type UsageTotalsReader } from '../support/usage-totals';

// Through the real gateway, Kafka, sink and ClickHouse (the `park` composition, in this process).
describe('ingestion end to end: every record counted exactly once', () => {
  let app: INestApplication;
  let server: Server;
  let seeded: SeededPark;
  let queries: UsageTotalsReader;
  let pushedRecords: UsageRecordWire[] = [];

  beforeAll(async () => {
    app = await createApp(testConfig(), createLogger({ app: 'test', level: 'silent' }), PARK_APP);
    await app.init();
    server = app.getHttpServer();
    const park = createPark(7, { tenants: 6, prefix: uniqueId('e2e') });
    seeded = await seedSimulatedPark(app.get(PrismaService).client, park);
    const ch = app.get(ClickHouseService);
    queries = usageTotals(ch.client, ch.database);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('counts N records once when 10 % are re-sent within and across batches, with the source sums', async () => {
    const now = Date.now();
    const records = generateRecords(seeded.park, { from: now - 3 * 86_400_000, to: now - 60_000, count: 3_000 });
    const pushed = withRetries(records, { rate: 0.1, seed: 11, farMin: 100, farMax: 2_000 });
    expect(pushed.length).toBe(3_300);

    for (const batch of batchesByCluster(pushed, 250)) {
      const res = await pushBatch(server, batch.clusterId, seeded.credentials.get(batch.clusterId)!, batch.records);
      expect({ status: res.status, rejected: res.body.rejected, error: res.body.error }).toEqual({
        status: 200,
        rejected: 0,
        error: undefined,
      });
    }
    // an agent retrying a whole batch after a lost answer: the same records again, in a new request
    const again = batchesByCluster(pushed, 250)[0];
    expect(
      (await pushBatch(server, again.clusterId, seeded.credentials.get(again.clusterId)!, again.records)).status,
    ).toBe(200);

    const expected = totals(records);
    const raw = await waitFor(
      'all records in ClickHouse',
      () => queries.rawTotals(),
      (t) => Number(t.records) >= expected.count,
    );
    expect(Number(raw.records)).toBe(expected.count);
    const expectedByTenantSku = Object.fromEntries(expected.lines.map((l) => [`${l.tenantId}|${l.sku}`, l.quantity]));
    expect(raw.byTenantSku).toEqual(expectedByTenantSku);
    // the rollups that bills read agree with the raw records, record count included
    const rollup = await waitFor(
      'rollup caught up',
      () => queries.rollupTotals(),
      (t) => t.records === raw.records,
    );
    expect(rollup).toEqual(raw);
    pushedRecords = records;
  });

  it("reconciles each cluster-day against the agent's daily manifest", async () => {
    const clusterId = seeded.park.clusters[0].id;
    const credential = seeded.credentials.get(clusterId)!;
    const signed = (method: string, path: string, body: Buffer) =>
      signedHeaders(credential.privateKeyPem, { method, path, body, clusterId, keyId: credential.keyId });
    const ofCluster = pushedRecords
      .filter((r) => r.cluster_id === clusterId)
      .map((r) => ({
        clusterId: r.cluster_id,
        eventId: r.event_id,
        tenantId: r.tenant_id,
        sku: r.sku,
        quantity: r.quantity,
        endedAt: Date.parse(r.ended_at),
      }));
    const manifests = computeDailyManifests(ofCluster);
    expect(manifests.length).toBeGreaterThan(1);
    const [good, bad] = manifests;
    // the agent says it sent one record more than arrived (consistent in itself, so the manifest is accepted)
    const claimed = manifestToWire(bad);
    const wrong = {
      ...claimed,
      record_count: claimed.record_count + 1,
      lines: claimed.lines.map((l, i) => (i === 0 ? { ...l, record_count: l.record_count + 1 } : l)),
    };
    for (const m of [manifestToWire(good), wrong]) {
      const body = Buffer.from(JSON.stringify({ manifest: m }));
      const res = await request(server)
        .post('/v1/manifests')
        .set(signed('POST', '/v1/manifests', body))
        .set('content-type', 'application/json')
        .send(body.toString());
      expect({ status: res.status, body: res.body }).toMatchObject({ status: 200, body: { status: 'accepted' } });
    }
    const path = `/v1/ingestion/status?from_day=${manifests[0].day}&to_day=${manifests[manifests.length - 1].day}`;
    const res = await request(server)
      .get(path)
      .set(signed('GET', path, Buffer.alloc(0)))
      .expect(200);
    const days = res.body.days as {
      day: string;
      state: string;
      counted_records: number;
      differences: { kind: string }[];
    }[];
    expect(days.find((d) => d.day === good.day)).toMatchObject({ state: 'MATCHED', counted_records: good.recordCount });
    const mismatched = days.find((d) => d.day === bad.day)!;
    expect(mismatched.state).toBe('MISMATCHED');
    expect(mismatched.differences.map((d) => d.kind).sort()).toEqual(['line_record_count', 'record_count']);
    expect(days.filter((d) => d.day !== good.day && d.day !== bad.day).every((d) => d.state === 'NO_MANIFEST')).toBe(
      true,
    );
  });
});
