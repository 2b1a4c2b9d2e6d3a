import type { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { PeriodCloseQueue, PeriodCloseService } from '@park/billing';
import type { AppConfig } from '@park/config';
import { createLogger } from '@park/logging';
import { createApp } from '@park/platform';
import { JOBS, JOB_SCHEDULERS, QUEUES, bullConnection } from '@park/queue';
import { BillingApiModule } from '../../apps/billing-api/src/billing-api.module';
import { PeriodCloseWorkerModule } from '../../apps/reconciliation-worker/src/period-close-worker.module';
import { httpAs, OPERATOR_FINANCE } from '../support/auth-tokens';
import { PrivateRedis } from '../support/private-redis';
import { testConfig } from '../support/test-config';
import { BillingWorld } from './billing-park.fixture';

const REDIS_TIMEOUT_MS = 1_500;

function boot(config: AppConfig, feature: 'api' | 'worker'): Promise<INestApplication> {
  const features = feature === 'api' ? [BillingApiModule] : [PeriodCloseWorkerModule];
  return createApp(config, createLogger({ app: 'test', level: 'silent' }), {
    app: `close-redis-${feature}`,
    dependencies: ['postgres', 'redis', 'clickhouse'],
    features,
    prepare: { clickhouseMigrations: true },
  }).then(async (app) => (await app.init(), app));
}

/**
 * The close and a Redis that fails (issue 11 item 3): the billing API and the close worker against a redis-server
 * of this test's own, which the test kills and restarts empty. The shared Redis is never touched.
 */
describe('the period close when Redis is down or restarts empty', () => {
  let redis: PrivateRedis;
  let config: AppConfig;
  let api: INestApplication;
  let worker: INestApplication | undefined;
  let world: BillingWorld;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    config = testConfig({ REDIS_URL: redis.url, REDIS_TIMEOUT_MS: String(REDIS_TIMEOUT_MS) });
    api = await boot(config, 'api');
    world = await new BillingWorld(api).setUp();
  });

  afterAll(async () => {
    await redis?.kill();
    await worker?.close();
    await api?.close();
  });

  it('shuts the apps down within the bound while Redis is down', async () => {
    const app = await boot(config, 'worker');
    await redis.kill();
    const started = Date.now();
    await app.close();
    expect(Date.now() - started).toBeLessThan(3 * REDIS_TIMEOUT_MS);
    await redis.restart();
  });

  it('answers a close with 503 QUEUE_UNAVAILABLE within the bound while Redis is down, changing nothing', async () => {
    const tenantId = await world.tenant();
    await world.usage({ tenantId, start: '2026-08-10T00:00:00Z', hours: 2 });
    const other = await world.tenant();
    await world.statements.issue(other, '2026-08'); // the period exists (open), one statement issued
    const before = await world.close.get(world.parkId, '2026-08');
    const finance = await httpAs(api, OPERATOR_FINANCE);

    await redis.kill();
    const started = Date.now();
    const res = await finance.post('/v1/periods/2026-08/close').send({ parkId: world.parkId });
    const elapsed = Date.now() - started;
    process.stdout.write(`close POST, Redis down: ${res.status} after ${elapsed} ms (bound ${REDIS_TIMEOUT_MS} ms)\n`);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('QUEUE_UNAVAILABLE');
    expect(res.body.error.message).not.toMatch(new RegExp(`127\\.0\\.0\\.1|${redis.port}`));
    expect(elapsed).toBeLessThan(REDIS_TIMEOUT_MS + 2_000); // the bound, plus the request on a loaded machine
    expect(await world.close.get(world.parkId, '2026-08')).toEqual(before);
    expect(await world.prisma.periodCloseTask.count({ where: { parkId: world.parkId } })).toBe(0);
    // the progress is read from PostgreSQL alone
    const progress = (await finance.get(`/v1/periods/2026-08/close?parkId=${world.parkId}`).expect(200)).body;
    expect(progress).toMatchObject({ status: 'open', tenants: { total: 0, done: 0, pending: 0, failed: 0, held: 0 } });

    await redis.restart();
    const retried = await finance.post('/v1/periods/2026-08/close').send({ parkId: world.parkId }).expect(201);
    expect(retried.body).toMatchObject({ status: 'closing', tenantCount: 2, enqueued: 2, queued: true });
  });

  it('completes a close whose jobs an empty restarted Redis lost, by itself and exactly once', async () => {
    // 2026-08 above left jobs for its park in this Redis; this close is in a park of its own
    const park = await new BillingWorld(api).setUp();
    const programmeId = await park.programme({ ratio: '0.2', eligibility: { resourceClasses: ['ai'] } });
    const tenants = [await park.tenant('a'), await park.tenant('b'), await park.tenant('c'), await park.tenant('d')];
    for (const [i, tenantId] of tenants.entries()) {
      await park.grant(tenantId, programmeId, '10000.00');
      await park.usage({ tenantId, start: '2026-07-05T00:00:00Z', hours: 10 + i }); // 100.00 … 130.00, 20 % off
    }
    const finance = await httpAs(api, OPERATOR_FINANCE);
    const started = (await finance.post('/v1/periods/2026-07/close').send({ parkId: park.parkId }).expect(201)).body;
    expect(started).toMatchObject({ status: 'closing', tenantCount: 4, enqueued: 4 });
    // no worker runs yet: the jobs wait in Redis; one tenant's statement gets issued by hand meanwhile
    expect((await api.get(PeriodCloseQueue).counts()).waiting).toBeGreaterThanOrEqual(4);
    await park.statements.issue(tenants[0], '2026-07');

    await redis.kill(); // the queue is lost with it (no persistence)
    worker = await boot(config, 'worker'); // starts while Redis is down: its start-up sweep fails, it waits
    await new Promise((r) => setTimeout(r, 500));
    await redis.restart(); // empty; the worker reconnects and re-queues the close's tasks from PostgreSQL
    const closed = await park.close.waitUntilClosed(park.parkId, '2026-07', 60_000);
    expect(closed).toMatchObject({ status: 'closed', tenantCount: 4, issuedCount: 4 });
    // the repeatable sweeper, lost with Redis, was declared again on reconnecting
    const connection = bullConnection(config.redis);
    const queue = new Queue(QUEUES.periodClose, { connection, prefix: config.redis.queuePrefix });
    try {
      const sweeper = await queue.getJobScheduler(JOB_SCHEDULERS.closeSweeper);
      expect(sweeper).toMatchObject({ name: JOBS.sweepCloses, every: 60_000 });
    } finally {
      await queue.close();
    }

    // sweeping again, and closing again, issue nothing twice
    await worker.get(PeriodCloseService).sweep();
    await finance.post('/v1/periods/2026-07/close').send({ parkId: park.parkId }).expect(201);
    const ours = { tenantId: { in: tenants } };
    const statements = await park.prisma.statement.findMany({ where: { ...ours, periodId: '2026-07' } });
    expect(statements.map((s) => [s.status, s.deductions.toFixed(2)]).sort()).toEqual([
      ['issued', '20.00'],
      ['issued', '22.00'],
      ['issued', '24.00'],
      ['issued', '26.00'],
    ]);
    const redemptions = await park.prisma.ledgerTransaction.findMany({ where: { ...ours, kind: 'redemption' } });
    expect(redemptions.map((t) => t.tenantId).sort()).toEqual([...tenants].sort());
    const progress = (await finance.get(`/v1/periods/2026-07/close?parkId=${park.parkId}`).expect(200)).body;
    const tenantsDone = { total: 4, done: 4, pending: 0, failed: 0, held: 0 };
    expect(progress).toMatchObject({ status: 'closed', tenants: tenantsDone, failures: [] });
  });

  it('finishes a close once a Redis that restarted empty in its middle is back, issuing nothing twice', async () => {
    // the worker of the test above runs at concurrency 8; 60 tenants keep it busy long enough to stop Redis midway
    const park = await new BillingWorld(api).setUp();
    const programmeId = await park.programme({ ratio: '0.2', eligibility: { resourceClasses: ['ai'] } });
    const tenants: string[] = [];
    for (let i = 0; i < 60; i++) {
      const tenantId = await park.tenant(`mid${i}`);
      await park.grant(tenantId, programmeId, '10000.00');
      await park.usage({ tenantId, start: '2026-06-05T00:00:00Z', hours: 10 }); // 100.00, 20.00 off
      tenants.push(tenantId);
    }
    const finance = await httpAs(api, OPERATOR_FINANCE);
    const progressOf = async () =>
      (await finance.get(`/v1/periods/2026-06/close?parkId=${park.parkId}`).expect(200)).body as {
        tenants: { done: number; total: number };
      };
    await finance.post('/v1/periods/2026-06/close').send({ parkId: park.parkId }).expect(201);
    let done = 0;
    while (done === 0) done = (await progressOf()).tenants.done;
    await redis.kill(); // mid-close: queued and running jobs are lost with it
    const doneAtKill = (await progressOf()).tenants.done;
    process.stdout.write(`Redis stopped with ${doneAtKill} of 60 tenants done\n`);
    expect(doneAtKill).toBeLessThan(60);
    await new Promise((r) => setTimeout(r, 1_000));
    await redis.restart();

    const closed = await park.close.waitUntilClosed(park.parkId, '2026-06', 90_000);
    expect(closed).toMatchObject({ status: 'closed', tenantCount: 60, issuedCount: 60 });
    const ours = { tenantId: { in: tenants } };
    const statements = await park.prisma.statement.findMany({ where: { ...ours, periodId: '2026-06' } });
    expect(statements).toHaveLength(60);
    expect(new Set(statements.map((s) => `${s.status} ${s.deductions.toFixed(2)}`))).toEqual(new Set(['issued 20.00']));
    const redemptions = await park.prisma.ledgerTransaction.findMany({ where: { ...ours, kind: 'redemption' } });
    expect(redemptions.map((t) => t.tenantId).sort()).toEqual([...tenants].sort()); // one each
  });
});
