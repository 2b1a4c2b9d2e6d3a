import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import request from 'supertest';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { ClaimService } from '@park/claims';
import { ClickHouseService } from '@park/clickhouse';
import { createLogger } from '@park/logging';
import { createApp } from '@park/platform';
import { computeDailyManifests, type UsageRecord } from '@park/usage-domain';
import { ManifestsRepository, UsageRecordsRepository } from '@park/usage-pipeline';
import { BillingApiModule } from '../../apps/billing-api/src/billing-api.module';
import { PeriodCloseWorkerModule } from '../../apps/reconciliation-worker/src/period-close-worker.module';
import { ReconciliationRunWorkerModule } from '../../apps/reconciliation-worker/src/reconciliation-run-worker.module';
import { tokenFor } from '../support/auth-tokens';
import { testConfig, uniqueId } from '../support/test-config';
import { BillingWorld } from './billing-park.fixture';

const HOUR = 3_600_000;
const DAY0 = Date.UTC(2026, 9, 5); // 2026-10-05, inside the period 2026-10
const RANGE = { fromDay: '2026-10-01', toDay: '2026-10-31' };

interface FindingRow {
  id: string;
  kind: string;
  check: string;
  state: string;
  status: string;
  subject: Record<string, string | number>;
  expected: string;
  observed: string;
  difference: string;
  message: string;
}

/**
 * Issue 14's discrepancies, each injected where it would happen in production (ClickHouse tables written past the
 * sink, a ledger row altered by a superuser with the triggers off, a claim line written by hand, a re-pushed
 * manifest), found by one run through the API and the BullMQ worker, named and reported with both numbers.
 * A clean park reconciles with zero findings first. Real PostgreSQL, Redis, Kafka (the sink's lag) and ClickHouse.
 */
describe('reconciliation runs (issue 14): each injected discrepancy is found with both numbers', () => {
  let app: INestApplication;
  let server: Server;
  let world: BillingWorld;
  let admin: string;
  let finance: string;
  let superuser: pg.Client;
  let ch: ClickHouseService;
  let records: UsageRecord[];
  const tenants: string[] = [];
  let programmeId: string;
  let claimId: string;
  let clusterA: string;
  let clusterB: string;

  beforeAll(async () => {
    app = await createApp(testConfig(), createLogger({ app: 'test', level: 'silent' }), {
      app: 'reconciliation-test',
      dependencies: ['postgres', 'redis', 'kafka', 'clickhouse'],
      features: [BillingApiModule, PeriodCloseWorkerModule, ReconciliationRunWorkerModule],
      prepare: { clickhouseMigrations: true, kafkaTopics: true },
    });
    await app.init();
    server = app.getHttpServer();
    admin = await tokenFor(app, { role: 'operator-admin' });
    finance = await tokenFor(app, { role: 'operator-finance' });
    superuser = new pg.Client({ connectionString: app.get<AppConfig>(APP_CONFIG).postgres.url });
    await superuser.connect();
    ch = app.get(ClickHouseService);

    world = await new BillingWorld(app).setUp();
    for (const name of ['ta', 'tb', 'tc']) tenants.push(await world.tenant(name));
    programmeId = await world.programme({ ratio: '0.3' }, 'recon-programme');
    await world.grant(tenants[0], programmeId, '1000.00');
    await world.grant(tenants[1], programmeId, '1000.00');
    clusterA = `${world.parkId}-a`;
    clusterB = `${world.parkId}-b`;
    // two clusters, two days, every 3 hours a record per tenant; some cross an hour
    records = [];
    for (let h = 0; h < 48; h += 3) {
      tenants.forEach((tenantId, t) => {
        for (const clusterId of [clusterA, clusterB]) {
          const startedAt = DAY0 + h * HOUR + 20 * 60_000;
          records.push({
            eventId: `ev-${h}-${t}-${clusterId}`,
            clusterId,
            tenantId,
            jobId: `job-${h}`,
            jobType: t === 2 ? 'render' : 'training',
            sku: t === 2 ? 'render.node' : 'gpu.h100-80g',
            quantity: `${(t + 1) * 3600}.5`,
            deviceCount: 1,
            startedAt,
            endedAt: startedAt + HOUR,
            attributes: {},
          });
        }
      });
    }
    await new UsageRecordsRepository(ch, ch.database).insertRecords(
      records.map((record, i) => ({ record, partition: 0, offset: String(i) })),
    );
    const manifests = new ManifestsRepository(ch.client, ch.database);
    for (const m of computeDailyManifests(records)) await manifests.store(m, 'test', Date.now() - 60_000);
    for (const tenantId of tenants) await world.statements.issue(tenantId, '2026-10');
    claimId = (await app.get(ClaimService).create({ programmeId, cycle: '2026-Q4' })).id;
  });

  afterAll(async () => {
    await superuser?.end();
    await app?.close();
  });

  async function run(
    body: Record<string, unknown> = {},
  ): Promise<{ run: { status: string; counts: Record<string, Record<string, number>> }; findings: FindingRow[] }> {
    const started = await request(server)
      .post('/v1/reconciliation/runs')
      .set('authorization', `Bearer ${admin}`)
      .send({ ...RANGE, parkId: world.parkId, ...body })
      .expect(202);
    const id = started.body.id as string;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
      const res = await request(server)
        .get(`/v1/reconciliation/runs/${id}`)
        .set('authorization', `Bearer ${finance}`)
        .expect(200);
      if (res.body.status === 'failed') throw new Error(`run failed: ${res.body.error}`);
      if (res.body.status === 'completed') return { run: res.body, findings: res.body.findings };
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`run ${id} did not complete in 60 s`);
  }

  it('reconciles a clean park with zero findings, every kind matched', async () => {
    const { run: done, findings } = await run();
    expect(findings.map((f) => f.message)).toEqual([]);
    expect(Object.keys(done.counts).sort()).toEqual([
      'claims',
      'ledger',
      'manifests',
      'pipeline',
      'rollups',
      'statements',
    ]);
    for (const kind of ['claims', 'ledger', 'manifests', 'rollups', 'statements']) {
      expect({ kind, ...done.counts[kind] }).toEqual({ kind, matched: expect.any(Number), mismatched: 0, missing: 0 });
      expect({ kind, matched: done.counts[kind].matched > 0 }).toEqual({ kind, matched: true });
    }
  });

  it('finds each injected discrepancy, names it and reports both numbers', async () => {
    const db = ch.database;
    // 1. an hour of cluster A missing from ClickHouse (deleted from the raw records; the rollup still bills it)
    const lostHour = DAY0 + 6 * HOUR;
    await ch.client.command({
      query:
        `ALTER TABLE ${db}.usage_records DELETE WHERE cluster_id = {c:String} AND toStartOfHour(started_at) = ` +
        `{h:DateTime}`,
      query_params: { c: clusterA, h: new Date(lostHour).toISOString().slice(0, 19).replace('T', ' ') },
      clickhouse_settings: { mutations_sync: '2' },
    });
    // 2. a record inserted twice, directly into ClickHouse (bypassing the sink)
    const copy = records.find(
      (r) => r.clusterId === clusterB && r.startedAt === DAY0 + 30 * HOUR + 20 * 60_000 && r.tenantId === tenants[1],
    )!;
    await new UsageRecordsRepository(ch, db).insertRecords([{ record: copy, partition: 0, offset: '9999' }]);
    // 3. a rollup row altered: 0.5 GPU-second more in cluster B's hour 12 for tenant A
    await ch.client.command({
      query: `INSERT INTO ${db}.usage_hourly (tenant_id, hour, sku, job_type, cluster_id, quantity, records)
              VALUES ({t:String}, {h:DateTime}, 'gpu.h100-80g', 'training', {c:String}, 0.5, 0)`,
      query_params: {
        t: tenants[0],
        h: new Date(DAY0 + 12 * HOUR).toISOString().slice(0, 19).replace('T', ' '),
        c: clusterB,
      },
    });
    // 4. a ledger row altered by a superuser with the append-only and balance triggers disabled
    const {
      rows: [posting],
    } = await superuser.query<{ id: string; transaction_id: string }>(
      `SELECT p.id::text, p.transaction_id::text FROM ledger_postings p JOIN ledger_transactions t ON t.id =
        p.transaction_id
       WHERE t.kind = 'redemption' AND t.tenant_id = $1 AND p.account_id LIKE 'grant:%'`,
      [tenants[0]],
    );
    await superuser.query('ALTER TABLE ledger_postings DISABLE TRIGGER USER');
    try {
      await superuser.query('UPDATE ledger_postings SET amount = amount + 1.00 WHERE id = $1', [posting.id]);
    } finally {
      await superuser.query('ALTER TABLE ledger_postings ENABLE TRIGGER USER');
    }
    // 5. a claim line without its redemption (tenant C has no grant: its statement redeemed nothing)
    const {
      rows: [stmt],
    } = await superuser.query<{ id: string; number: string }>(
      `SELECT id::text, number FROM statements WHERE tenant_id = $1`,
      [tenants[2]],
    );
    await superuser.query(
      `INSERT INTO claim_lines (id, claim_id, programme_id, statement_id, tenant_id, statement_number, period_id,
        amount, contract_ids)
       VALUES ($1, $2, $3, $4::uuid, $5, $6, '2026-10', 50.00, '{}')`,
      [`${claimId}:forged`, claimId, programmeId, stmt.id, tenants[2], stmt.number],
    );
    // 6. a manifest that disagrees: cluster A's second day re-pushed with tenant C's quantity 7.5 higher
    const day2 = computeDailyManifests(records).find((m) => m.clusterId === clusterA && m.day === '2026-10-06')!;
    const lines = day2.lines.map((l) =>
      l.tenantId === tenants[2] ? { ...l, quantity: (Number(l.quantity) + 7.5).toFixed(1) } : l,
    );
    await new ManifestsRepository(ch.client, db).store({ ...day2, lines }, 'test-repush');

    const { run: done, findings } = await run();
    const find = (kind: string, check: string, subject: Record<string, unknown>) =>
      findings.filter(
        (f) => f.kind === kind && f.check === check && Object.entries(subject).every(([k, v]) => f.subject[k] === v),
      );
    const hourIso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

    // 1. the deleted hour: the rollup still holds it (what bills read) and the manifest says it was sent
    expect(
      find('rollups', 'rollup_records', { clusterId: clusterA, hour: hourIso(lostHour), tenantId: tenants[0] }),
    ).toEqual([expect.objectContaining({ state: 'missing', expected: '0', observed: '1', difference: '1' })]);
    expect(
      find('rollups', 'rollup_quantity', { clusterId: clusterA, hour: hourIso(lostHour), tenantId: tenants[0] }),
    ).toEqual([
      expect.objectContaining({ state: 'missing', expected: '0', observed: '2400.333333', difference: '2400.333333' }),
    ]);
    expect(
      find('manifests', 'line_record_count', { clusterId: clusterA, day: '2026-10-05', tenantId: tenants[0] }),
    ).toEqual([expect.objectContaining({ expected: '8', observed: '7', difference: '-1' })]);
    // 2. the copy: named with its key, and the manifest's count one short of what is stored
    expect(find('rollups', 'duplicate_records', { clusterId: clusterB, day: '2026-10-06' })).toEqual([
      expect.objectContaining({
        expected: '1',
        observed: '2',
        difference: '1',
        message: expect.stringContaining(copy.eventId),
      }),
    ]);
    expect(
      find('manifests', 'line_record_count', { clusterId: clusterB, day: '2026-10-06', tenantId: tenants[1] }),
    ).toEqual([expect.objectContaining({ expected: '8', observed: '9', difference: '1' })]);
    expect(
      find('statements', 'billed_quantity', { tenantId: tenants[1], periodId: '2026-10', sku: 'gpu.h100-80g' }),
    ).toEqual([expect.objectContaining({ expected: '237616.5', observed: '230416', difference: '-7200.5' })]);
    // 3. the altered rollup row
    expect(
      find('rollups', 'rollup_quantity', {
        clusterId: clusterB,
        hour: hourIso(DAY0 + 12 * HOUR),
        tenantId: tenants[0],
      }),
    ).toEqual([expect.objectContaining({ state: 'mismatched', difference: '0.5' })]);
    // 4. the altered ledger row: its transaction no longer balances, and the grant's redemptions disagree with its
    // deductions
    expect(find('ledger', 'transaction_balance', { transactionId: posting.transaction_id })).toEqual([
      expect.objectContaining({ expected: '0', observed: '1.00', difference: '1' }),
    ]);
    expect(find('ledger', 'grant_entries_amount', { tenantId: tenants[0], entry: 'redemption' })).toEqual([
      expect.objectContaining({ difference: '1' }),
    ]);
    // 5. the forged claim line: 50.00 claimed, no redemption behind it; and the claim's total no longer its lines' sum
    expect(find('claims', 'claim_line_amount', { claimLineId: `${claimId}:forged` })).toEqual([
      expect.objectContaining({ expected: '0', observed: '50.00', difference: '50' }),
    ]);
    expect(find('claims', 'claim_total_amount', { claimId })).toEqual([expect.objectContaining({ difference: '-50' })]);
    // 6. the disagreeing manifest
    expect(
      find('manifests', 'line_quantity', { clusterId: clusterA, day: '2026-10-06', tenantId: tenants[2] }),
    ).toEqual([expect.objectContaining({ difference: '-7.5' })]);
    // nothing was injected into the pipeline
    expect(done.counts.pipeline).toEqual(expect.objectContaining({ mismatched: 0, missing: 0 }));
  });

  it('lists open findings, resolves one with a reason as an audit event, and refuses to resolve it twice', async () => {
    const open = await request(server)
      .get(`/v1/reconciliation/findings?status=open&parkId=${world.parkId}`)
      .set('authorization', `Bearer ${finance}`)
      .expect(200);
    expect(open.body.length).toBeGreaterThan(0);
    const target = open.body[0] as FindingRow;
    const res = await request(server)
      .post(`/v1/reconciliation/findings/${target.id}/resolve`)
      .set('authorization', `Bearer ${admin}`)
      .send({ reason: 'checked by hand: injected by the test' })
      .expect(200);
    expect(res.body).toMatchObject({
      id: target.id,
      status: 'resolved',
      resolution: 'checked by hand: injected by the test',
    });
    const { rows } = await superuser.query(
      `SELECT action, actor FROM audit_events WHERE entity_type = 'reconciliation_finding' AND entity_id = $1`,
      [target.id],
    );
    expect(rows).toEqual([
      { action: 'reconciliation.finding.resolve', actor: expect.stringContaining('operator-admin') },
    ]);
    const again = await request(server)
      .post(`/v1/reconciliation/findings/${target.id}/resolve`)
      .set('authorization', `Bearer ${admin}`)
      .send({ reason: 'again' })
      .expect(409);
    expect(again.body.error.code).toBe('FINDING_ALREADY_RESOLVED');
  });

  it('answers bad input with 400 naming each field, and an unknown run with 404', async () => {
    const bad = await request(server)
      .post('/v1/reconciliation/runs')
      .set('authorization', `Bearer ${admin}`)
      .send({ kinds: ['ledger', 'vibes'], fromDay: '2026-13-01' })
      .expect(400);
    // the edge's shapes: an unknown kind, a day that is no date, a missing day, all at once
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['fromDay', 'kinds[1]', 'toDay']);
    // the domain's rule on well-formed days: the range runs forwards
    const days = await request(server)
      .post('/v1/reconciliation/runs')
      .set('authorization', `Bearer ${admin}`)
      .send({ fromDay: '2026-11-02', toDay: '2026-11-01' })
      .expect(400);
    expect(days.body.error.issues).toEqual([{ path: 'toDay', message: expect.stringContaining('before') }]);
    const reason = await request(server)
      .post(`/v1/reconciliation/findings/${uniqueId('fnd_')}/resolve`)
      .set('authorization', `Bearer ${admin}`)
      .send({})
      .expect(400);
    expect(reason.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['reason']);
    await request(server)
      .get(`/v1/reconciliation/runs/${uniqueId('rcn_')}`)
      .set('authorization', `Bearer ${finance}`)
      .expect(404);
  });
});
