import type { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { ClickHouseService } from '@park/clickhouse';
import { createLogger } from '@park/logging';
import { createApp } from '@park/platform';
import { JOB_SCHEDULERS, QUEUES, bullConnection } from '@park/queue';
import { ScheduledJobsService, lastWholeUtcDay } from '@park/reconciliation';
import { ManifestsRepository } from '@park/usage-pipeline';
import { BillingApiModule } from '../../apps/billing-api/src/billing-api.module';
import { PeriodCloseWorkerModule } from '../../apps/reconciliation-worker/src/period-close-worker.module';
import { ReconciliationRunWorkerModule } from '../../apps/reconciliation-worker/src/reconciliation-run-worker.module';
import { waitFor } from '../support/agent-client';
import { testConfig, uniqueId } from '../support/test-config';
import { BillingWorld } from './billing-park.fixture';

/**
 * Issue 14 item 2: the schedules are BullMQ job schedulers (cron in Asia/Shanghai) of the reconciliation worker.
 * Here the daily one runs every 2 s and must start yesterday's run once however often it fires; the monthly close
 * is ticked by hand with a pinned clock: it waits for a missing manifest, then closes after the grace with a finding
 * that names the cluster. Real PostgreSQL, Redis and ClickHouse.
 */
describe('schedules: daily reconciliation and monthly close (issue 14 item 2)', () => {
  const parkId = uniqueId('park');
  let app: INestApplication;
  let world: BillingWorld;
  let scheduled: ScheduledJobsService;

  beforeAll(async () => {
    const config = testConfig({
      SCHEDULES_ENABLED: '1',
      SCHEDULE_DAILY_RECONCILIATION_CRON: '*/2 * * * * *',
      // far away: this test ticks the monthly close itself, with a pinned clock
      SCHEDULE_MONTHLY_CLOSE_CRON: '0 0 1 1 *',
      SCHEDULE_PARK_IDS: parkId,
      CLOSE_GRACE_DAYS: '3',
    });
    app = await createApp(config, createLogger({ app: 'test', level: 'silent' }), {
      app: 'schedules-test',
      dependencies: ['postgres', 'redis', 'clickhouse'],
      features: [BillingApiModule, PeriodCloseWorkerModule, ReconciliationRunWorkerModule],
      prepare: { clickhouseMigrations: true },
    });
    await app.init();
    world = await new BillingWorld(app, parkId).setUp();
    scheduled = app.get(ScheduledJobsService);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('declares both schedulers in Asia/Shanghai and starts the daily run of yesterday once', async () => {
    const config = app.get<AppConfig>(APP_CONFIG);
    const queue = new Queue(QUEUES.reconciliation, {
      connection: bullConnection(config.redis),
      prefix: config.redis.queuePrefix,
    });
    try {
      const schedulers = await waitFor(
        'both schedulers',
        () => queue.getJobSchedulers(),
        (l) => l.length === 2,
        30_000,
      );
      expect(schedulers.map((s) => [s.key, s.tz]).sort()).toEqual([
        [JOB_SCHEDULERS.dailyReconciliation, 'Asia/Shanghai'],
        [JOB_SCHEDULERS.monthlyClose, 'Asia/Shanghai'],
      ]);
      const day = lastWholeUtcDay(new Date());
      const runId = `rcn_daily_${parkId}_${day}`;
      const find = () => world.prisma.reconciliationRun.findUnique({ where: { id: runId } });
      await waitFor(`the scheduled run ${runId}`, find, (run) => run?.status === 'completed', 30_000);
      // a few more ticks, then one by hand: still one run for the day
      await new Promise((r) => setTimeout(r, 4_500));
      expect(await scheduled.daily()).toEqual([{ parkId, runId, started: false }]);
      const runs = await world.prisma.reconciliationRun.findMany({ where: { parkId } });
      expect(runs.map((r) => [r.id, r.fromDay, r.toDay, r.status, r.kinds.length])).toEqual([
        [runId, day, day, 'completed', 6],
      ]);
    } finally {
      await queue.close();
    }
  });

  it('closes a period whose watermark is in; waits for a missing manifest, then closes after the grace', async () => {
    const tenantId = await world.tenant('scheduled');
    await world.usage({ tenantId, start: '2026-07-15T00:00:00Z', hours: 1 });
    await world.usage({ tenantId, start: '2026-08-15T00:00:00Z', hours: 2 });
    const [east, west] = [`${parkId}-east`, `${parkId}-west`];
    for (const clusterId of [east, west]) {
      await world.prisma.cluster.create({ data: { id: clusterId, name: clusterId } });
      await world.prisma.clusterTenantBinding.create({ data: { clusterId, tenantId } });
      const keyId = uniqueId('ak_');
      await world.prisma.clusterCredential.create({
        data: { keyId, clusterId, publicKeyPem: 'test key', fingerprint: keyId },
      });
    }
    const ch = app.get(ClickHouseService);
    const manifests = new ManifestsRepository(ch.client, ch.database);
    const manifest = (clusterId: string, day: string) =>
      manifests.store({ clusterId, day, recordCount: 0, lines: [] }, uniqueId('req'));

    // 2026-07: both clusters sent the manifest of 2026-07-31, so the close starts at once (no finding)
    await manifest(east, '2026-07-31');
    await manifest(west, '2026-07-31');
    const july = await scheduled.monthly(new Date('2026-08-01T10:00:00+08:00'));
    expect(july).toEqual([{ parkId, periodId: '2026-07', outcome: 'closing', missing: [] }]);
    await world.close.waitUntilClosed(parkId, '2026-07', 30_000);

    // 2026-08: west never sends the manifest of 2026-08-31; within the grace (3 days after the end) the close waits
    await manifest(east, '2026-08-31');
    const waiting = await scheduled.monthly(new Date('2026-09-03T23:59:00+08:00'));
    expect(waiting).toEqual([{ parkId, periodId: '2026-08', outcome: 'waiting', missing: [west] }]);
    const august = await world.prisma.billingPeriod.findUnique({ where: { parkId_id: { parkId, id: '2026-08' } } });
    expect(august?.status ?? 'open').toBe('open');

    // after the grace it closes anyway, leaving a finding that names the missing cluster
    const after = new Date('2026-09-04T00:30:00+08:00');
    const closing = await scheduled.monthly(after);
    const findingRunId = `rcn_watermark_${parkId}_2026-08`;
    expect(closing).toEqual([{ parkId, periodId: '2026-08', outcome: 'closing', missing: [west], findingRunId }]);
    await world.close.waitUntilClosed(parkId, '2026-08', 30_000);
    const findings = await world.prisma.reconciliationFinding.findMany({ where: { runId: findingRunId } });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      check: 'watermark_missing',
      state: 'missing',
      status: 'open',
      periodId: '2026-08',
      tenantId: null,
      expected: '2',
      observed: '1',
      subject: { clusterIds: [west], day: '2026-08-31' },
    });
    expect(findings[0].message).toContain(west);
    expect((await world.statements.get(tenantId, '2026-08')).gross.toFixed(2)).toBe('20.00');

    // ticking again (a retry, a second worker) starts nothing and writes no second finding
    expect(await scheduled.monthly(after)).toEqual([{ parkId, periodId: '2026-08', outcome: 'already' }]);
    const closes = await world.prisma.auditEvent.count({
      where: { action: 'period.close', entityId: { in: [`${parkId}/2026-07`, `${parkId}/2026-08`] } },
    });
    expect(closes).toBe(2);
    expect(await world.prisma.reconciliationFinding.count({ where: { runId: findingRunId } })).toBe(1);
  });

  it('leaves a held park alone (the demo seeding it), and ticks it again once released', async () => {
    const now = new Date('2026-10-01T10:00:00+08:00'); // September's close, within its grace
    const release = scheduled.hold(parkId);
    expect(await scheduled.monthly(now)).toEqual([{ parkId, periodId: '2026-09', outcome: 'held' }]);
    const september = await world.prisma.billingPeriod.findUnique({ where: { parkId_id: { parkId, id: '2026-09' } } });
    expect(september?.status ?? 'open').toBe('open');
    release();
    const [after] = await scheduled.monthly(now);
    expect(after).toMatchObject({ parkId, periodId: '2026-09' });
    expect(after.outcome).not.toBe('held');
  });

  it('leaves a park without an active tenant open: nothing to bill, and its tenants-to-be not shut out', async () => {
    const now = new Date('2026-10-01T10:00:00+08:00');
    const active = await world.prisma.tenant.findMany({ where: { parkId, status: 'active' }, select: { id: true } });
    const ids = active.map((t) => t.id);
    await world.prisma.tenant.updateMany({ where: { id: { in: ids } }, data: { status: 'suspended' } });
    try {
      expect(await scheduled.monthly(now)).toEqual([{ parkId, periodId: '2026-09', outcome: 'no_tenants' }]);
    } finally {
      await world.prisma.tenant.updateMany({ where: { id: { in: ids } }, data: { status: 'active' } });
    }
  });
});
