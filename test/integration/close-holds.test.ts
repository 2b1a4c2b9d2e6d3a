import type { INestApplication } from '@nestjs/common';
import { ClickHouseService } from '@park/clickhouse';
import { createLogger } from '@park/logging';
import { createApp } from '@park/platform';
import { computeDailyManifests, type UsageRecord } from '@park/usage-domain';
import { ManifestsRepository, UsageRecordsRepository } from '@park/usage-pipeline';
import { BillingApiModule } from '../../apps/billing-api/src/billing-api.module';
import { PeriodCloseWorkerModule } from '../../apps/reconciliation-worker/src/period-close-worker.module';
import { ReconciliationRunWorkerModule } from '../../apps/reconciliation-worker/src/reconciliation-run-worker.module';
import { waitFor } from '../support/agent-client';
import { httpAs, OPERATOR_ADMIN, OPERATOR_FINANCE } from '../support/auth-tokens';
import { testConfig, uniqueId } from '../support/test-config';
import { BillingWorld } from './billing-park.fixture';

const HOUR = 3_600_000;
const DAY = '2026-07-10';

interface Progress {
  status: string;
  tenants: { total: number; done: number; pending: number; failed: number; held: number };
  holds: { tenantId: string; findingIds: string[] }[];
}

interface FindingRow {
  id: string;
  tenantId: string | null;
  periodId: string | null;
  check: string;
}

/**
 * Issue 14 item 3: a mismatch the reconciliation finds on a tenant-period holds exactly that tenant's statement;
 * resolving its finding, or an operator-admin's override with a reason, issues it (both audit events).
 * Real PostgreSQL, Redis (BullMQ) and ClickHouse; the manifest that disagrees is stored as an agent's would be.
 */
describe('holds: an open finding holds a tenant statement until resolved or overridden', () => {
  let app: INestApplication;
  let world: BillingWorld;
  const tenants: Record<'clean' | 'overridden' | 'resolved', string> = { clean: '', overridden: '', resolved: '' };

  beforeAll(async () => {
    app = await createApp(testConfig(), createLogger({ app: 'test', level: 'silent' }), {
      app: 'close-holds-test',
      dependencies: ['postgres', 'redis', 'clickhouse'],
      features: [BillingApiModule, PeriodCloseWorkerModule, ReconciliationRunWorkerModule],
      prepare: { clickhouseMigrations: true },
    });
    await app.init();
    world = await new BillingWorld(app).setUp();
    for (const name of ['clean', 'overridden', 'resolved'] as const) tenants[name] = await world.tenant(name);
    const ch = app.get(ClickHouseService);
    const clusterId = `${world.parkId}-gpu`;
    const records: UsageRecord[] = Object.values(tenants).map((tenantId, i) => ({
      eventId: `ev-${i}`,
      clusterId,
      tenantId,
      jobId: `job-${i}`,
      jobType: 'training',
      sku: 'gpu.h100-80g',
      quantity: '7200',
      deviceCount: 1,
      startedAt: Date.parse(`${DAY}T02:00:00Z`),
      endedAt: Date.parse(`${DAY}T02:00:00Z`) + 2 * HOUR,
      attributes: {},
    }));
    await new UsageRecordsRepository(ch, ch.database).insertRecords(
      records.map((record, i) => ({ record, partition: 0, offset: String(i) })),
    );
    // the agent's manifest claims 1 GPU-second more for two tenants than ClickHouse holds
    const claimed = records.map((r) => (r.tenantId === tenants.clean ? r : { ...r, quantity: '7201' }));
    const manifests = new ManifestsRepository(ch.client, ch.database);
    for (const m of computeDailyManifests(claimed)) await manifests.store(m, 'test');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('holds exactly the mismatched tenants, and issues each after its resolve or override', async () => {
    const admin = await httpAs(app, OPERATOR_ADMIN);
    const finance = await httpAs(app, OPERATOR_FINANCE);
    const parkId = world.parkId;
    const started = await admin
      .post('/v1/reconciliation/runs')
      .send({ kinds: ['manifests'], fromDay: DAY, toDay: DAY, parkId })
      .expect(202);
    const runId = (started.body as { id: string }).id;
    const run = await waitForRun(runId);
    const findings = run.findings as FindingRow[];
    expect(findings.map((f) => [f.check, f.tenantId, f.periodId]).sort()).toEqual(
      [
        ['line_quantity', tenants.overridden, '2026-07'],
        ['line_quantity', tenants.resolved, '2026-07'],
      ].sort(),
    );
    const findingOf = (tenantId: string) => findings.find((f) => f.tenantId === tenantId) as FindingRow;

    await finance.post('/v1/periods/2026-07/close').send({ parkId }).expect(201);
    const held = await settled(finance, parkId);
    expect(held).toMatchObject({ status: 'closing', tenants: { total: 3, done: 1, held: 2, failed: 0, pending: 0 } });
    expect(held.holds).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ tenantId: tenants.overridden, findingIds: [findingOf(tenants.overridden).id] }),
        expect.objectContaining({ tenantId: tenants.resolved, findingIds: [findingOf(tenants.resolved).id] }),
      ]),
    );
    await world.statements.get(tenants.clean, '2026-07');
    await expect(world.statements.get(tenants.overridden, '2026-07')).rejects.toThrow(/not found/);

    // an override needs a held statement, and a reason
    const notHeld = await admin
      .post(`/v1/periods/2026-07/holds/${tenants.clean}/override`)
      .send({ parkId, reason: 'checked' })
      .expect(409);
    expect(notHeld.body).toMatchObject({ error: { code: 'NOT_HELD' } });
    await admin.post(`/v1/periods/2026-07/holds/${tenants.overridden}/override`).send({ parkId }).expect(400);

    // resolving the last open finding of a tenant-period releases its statement
    await admin
      .post(`/v1/reconciliation/findings/${findingOf(tenants.resolved).id}/resolve`)
      .send({ reason: 'agent re-sent its manifest' })
      .expect(200);
    await waitFor(
      'the resolved tenant issued',
      () => progressOf(finance, parkId),
      (p) => p.tenants.done === 2,
      30_000,
    );
    await world.statements.get(tenants.resolved, '2026-07');

    // the override issues the statement and leaves the finding open; its audit event names who, why and what
    const reason = 'manifest line off by 1 GPU-second, agent bug 4711; usage in ClickHouse is right';
    const overridden = await admin
      .post(`/v1/periods/2026-07/holds/${tenants.overridden}/override`)
      .send({ parkId, reason })
      .expect(200);
    expect(overridden.body).toMatchObject({ status: 'pending', findingIds: [findingOf(tenants.overridden).id] });
    await world.close.waitUntilClosed(parkId, '2026-07', 30_000);
    const statement = await world.statements.get(tenants.overridden, '2026-07');
    expect(statement.gross.toFixed(2)).toBe('20.00');
    expect(await settled(finance, parkId)).toMatchObject({
      status: 'closed',
      tenants: { done: 3, held: 0 },
      holds: [],
    });
    const audit = await world.prisma.auditEvent.findMany({
      where: { action: 'period.hold.override', entityId: `${parkId}/2026-07/${tenants.overridden}` },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ role: 'operator-admin' });
    expect(JSON.stringify(audit[0].payload)).toContain(reason);
    const stillOpen = await world.prisma.reconciliationFinding.findUnique({
      where: { id: findingOf(tenants.overridden).id },
    });
    expect(stillOpen?.status).toBe('open');
    const resolves = await world.prisma.auditEvent.count({
      where: { action: 'reconciliation.finding.resolve', entityId: findingOf(tenants.resolved).id },
    });
    expect(resolves).toBe(1);
  });

  it('releases, on the sweep, a hold whose findings were resolved while its release could not be queued', async () => {
    const finance = await httpAs(app, OPERATOR_FINANCE);
    const { parkId, prisma } = world;
    const runId = `rcn_${uniqueId()}`;
    const run = { id: runId, parkId, kinds: ['manifests'], fromDay: '2026-05-10', toDay: '2026-05-10' };
    await prisma.reconciliationRun.create({
      data: { ...run, thresholds: {}, requestedBy: 'test', status: 'completed' },
    });
    const finding = await prisma.reconciliationFinding.create({
      data: {
        id: `fnd_${uniqueId()}`,
        runId,
        kind: 'manifests',
        check: 'line_quantity',
        state: 'mismatched',
        tenantId: tenants.clean,
        periodId: '2026-05',
        subject: {},
        expected: '1',
        observed: '2',
        difference: '1',
        message: 'test',
      },
    });
    await world.usage({ tenantId: tenants.clean, start: '2026-05-10T02:00:00Z', hours: 1 });
    await finance.post('/v1/periods/2026-05/close').send({ parkId }).expect(201);
    const held = await settled(finance, parkId, '2026-05');
    expect(held.holds).toEqual([expect.objectContaining({ tenantId: tenants.clean, findingIds: [finding.id] })]);
    // resolved behind the service's back: nothing queued the task; the sweeper finds it
    await prisma.reconciliationFinding.update({ where: { id: finding.id }, data: { status: 'resolved' } });
    await world.close.sweep();
    await world.close.waitUntilClosed(parkId, '2026-05', 30_000);
    expect((await world.statements.get(tenants.clean, '2026-05')).gross.toFixed(2)).toBe('10.00');
  });

  async function waitForRun(id: string): Promise<{ status: string; findings: unknown[] }> {
    const finance = await httpAs(app, OPERATOR_FINANCE);
    const get = async () =>
      (await finance.get(`/v1/reconciliation/runs/${id}`).expect(200)).body as { status: string; findings: unknown[] };
    return waitFor(`run ${id}`, get, (run) => run.status === 'completed' || run.status === 'failed', 30_000);
  }
});

type Http = Awaited<ReturnType<typeof httpAs>>;

async function progressOf(finance: Http, parkId: string, periodId = '2026-07'): Promise<Progress> {
  return (await finance.get(`/v1/periods/${periodId}/close?parkId=${parkId}`).expect(200)).body as Progress;
}

function settled(finance: Http, parkId: string, periodId = '2026-07'): Promise<Progress> {
  const probe = () => progressOf(finance, parkId, periodId);
  return waitFor(`the close of ${periodId} settled`, probe, (p) => p.tenants.pending === 0, 30_000);
}
