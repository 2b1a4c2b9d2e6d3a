import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { generateAgentCredential, type AgentCredential } from '@park/agent-auth';
import { StatementService } from '@park/billing';
import { periodBounds, periodOf, previousPeriod } from '@park/billing-domain';
import { ClickHouseService } from '@park/clickhouse';
import type { AppConfig } from '@park/config';
import { PrismaService } from '@park/db';
import { createLogger } from '@park/logging';
import { createApp } from '@park/platform';
import { OUTSIDE_KAFKA_PARTITION } from '@park/usage-pipeline';
import { generateRecords } from '@park/usage-domain';
import { demoPark } from '../../apps/park/src/demo/demo-park.seeder';
import { runDemo } from '../../apps/park/src/demo/demo.runner';
import { PARK_APP } from '../../apps/park/src/park.app';
import { batchesByCluster, pushBatch, waitFor } from '../support/agent-client';
import { testConfig, uniqueId } from '../support/test-config';
import { usageTotals } from '../support/usage-totals';

const ROOT = path.resolve(__dirname, '..', '..');
const silent = createLogger({ app: 'test', level: 'silent' });

// What a new user does: `npm start` on an empty database (the demo: seeded, a month loaded, closed and issued),
// then real agents push usage for the demo tenants through the gateway, Kafka and the sink.
describe('the demo, then real signed pushes for every demo tenant', () => {
  const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/park_test');
  const database = uniqueId('park_demo_');
  const url = new URL(base.href);
  url.pathname = `/${database}`;
  const statementsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'park-demo-'));
  let config: AppConfig;
  let app: INestApplication;

  beforeAll(async () => {
    // the demo seeds only an empty database: one of this test's own, migrated like any other
    await onServer(`CREATE DATABASE "${database}"`);
    execFileSync('npx', ['prisma', 'migrate', 'deploy'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url.href },
      stdio: 'pipe',
    });
    config = testConfig({ DATABASE_URL: url.href, PARK_DEMO: '1' });
    app = await createApp(config, silent, PARK_APP);
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await onServer(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    fs.rmSync(statementsDir, { recursive: true, force: true });
  });

  it('counts every pushed record, keeps the demo statements as issued, bills the new usage', async () => {
    let output = '';
    await runDemo(app, config, silent, (text) => (output += text), statementsDir);
    expect(output).toMatch(/demo: 12 statements issued/);
    const park = demoPark();
    const demoPeriod = previousPeriod(periodOf(new Date()));
    const statements = app.get(StatementService);
    const issued = await Promise.all(park.tenants.map((t) => statements.get(t.id, demoPeriod)));
    expect(issued.every((s) => s.status === 'issued')).toBe(true);

    const ch = app.get(ClickHouseService);
    const queries = usageTotals(ch.client, ch.database);
    const demoRaw = await queries.rawTotals();
    expect(Number(demoRaw.records)).toBe(6_000);
    // the demo's records carry no Kafka position the sink could take for its own
    const positioned = await (
      await ch.client.query({
        query: `SELECT count() AS n FROM ${ch.database}.usage_records WHERE kafka_partition != {p:UInt32}`,
        query_params: { p: OUTSIDE_KAFKA_PARTITION },
        format: 'JSONEachRow',
      })
    ).json<{ n: string }>();
    expect(positioned).toEqual([{ n: '0' }]);

    // an agent key per demo cluster, as an operator would register one
    const prisma = app.get(PrismaService).client;
    const credentials = new Map<string, AgentCredential>();
    for (const c of park.clusters) {
      const credential = generateAgentCredential();
      await prisma.clusterCredential.create({
        data: {
          keyId: credential.keyId,
          clusterId: c.id,
          publicKeyPem: credential.publicKeyPem,
          fingerprint: credential.fingerprint,
        },
      });
      credentials.set(c.id, credential);
    }
    const now = Date.now();
    const from = Math.max(now - 86_400_000, periodBounds(periodOf(new Date())).start.getTime());
    const records = generateRecords(park, { from, to: now - 60_000, count: 1_500 }).map((r) => ({
      ...r,
      event_id: `real-${r.event_id}`,
    }));
    expect(new Set(records.map((r) => r.tenant_id))).toEqual(new Set(park.tenants.map((t) => t.id)));
    for (const batch of batchesByCluster(records, 250)) {
      const res = await pushBatch(
        app.getHttpServer(),
        batch.clusterId,
        credentials.get(batch.clusterId)!,
        batch.records,
      );
      expect({ status: res.status, rejected: res.body.rejected, error: res.body.error }).toEqual({
        status: 200,
        rejected: 0,
        error: undefined,
      });
    }

    const raw = await waitFor(
      'every pushed record stored',
      () => queries.rawTotals(),
      (t) => Number(t.records) >= 6_000 + records.length,
      90_000,
    );
    expect(Number(raw.records)).toBe(6_000 + records.length);
    await waitFor(
      'rollups equal to the raw records',
      () => queries.rollupTotals(),
      (t) => isDeepStrictEqual(t, raw),
      60_000,
    );
    // the issued demo statements are as they were; this month's bills now carry the pushed usage
    expect(await Promise.all(park.tenants.map((t) => statements.get(t.id, demoPeriod)))).toEqual(issued);
    const currentPeriod = periodOf(new Date(now - 60_000));
    for (const t of park.tenants) {
      const draft = await statements.preview(t.id, currentPeriod);
      expect({
        tenant: t.id,
        lines: draft.view.lines.length > 0,
        gross: Number(draft.view.totals.gross) > 0,
      }).toEqual({
        tenant: t.id,
        lines: true,
        gross: true,
      });
    }
  });

  async function onServer(sql: string): Promise<void> {
    const client = new Client({ connectionString: base.href });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
});
