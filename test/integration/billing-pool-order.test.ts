import type { INestApplication } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { PeriodCloseQueue, PeriodCloseService } from '@park/billing';
import { PeriodCloseWorker } from '../../apps/reconciliation-worker/src/period-close.worker';
import { OPERATOR_FINANCE, httpAs } from '../support/auth-tokens';
import { BillingWorld, billingApp } from './billing-park.fixture';

// Issue 12 item 4: who a pool pays is the programme's rule (grant issue time), not the order close jobs commit in.
describe('a pool that cannot pay everyone gives the same statements at close concurrency 1, 4 and 16', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await billingApp({ closeWorker: false });
  });

  afterAll(async () => {
    await app?.close();
  });

  /** A park of 8 tenants each wanting 50.00 from a pool of 225.00; grants issued in reverse tenant order. */
  async function closeAt(concurrency: number): Promise<string[][]> {
    const world = await new BillingWorld(app).setUp();
    const programmeId = await world.programme({
      ratio: '0.5',
      eligibility: { resourceClasses: ['ai'] },
      pool: { yearlyBudget: '225.00', order: 'grant_issue_time' },
    });
    const tenants: string[] = [];
    for (let i = 0; i < 8; i++) tenants.push(await world.tenant(`pool${i}`));
    for (const t of [...tenants].reverse()) {
      await world.grant(t, programmeId, '1000.00');
      await new Promise((r) => setTimeout(r, 5)); // distinct issue times
    }
    // 100.00 each
    for (const t of tenants) await world.usage({ tenantId: t, start: '2026-08-10T00:00:00Z', hours: 10 });

    const worker = new PeriodCloseWorker(
      app.get<AppConfig>(APP_CONFIG),
      app.get(PeriodCloseService),
      app.get(PeriodCloseQueue),
      concurrency,
    );
    worker.onModuleInit();
    try {
      const finance = await httpAs(app, OPERATOR_FINANCE);
      await finance.post('/v1/periods/2026-08/close').send({ parkId: world.parkId }).expect(201);
      await world.close.waitUntilClosed(world.parkId, '2026-08', 120_000);
    } finally {
      await worker.onApplicationShutdown();
    }
    const out: string[][] = [];
    for (const t of tenants) {
      const s = await world.statements.get(t, '2026-08');
      out.push([s.gross.toFixed(2), s.deductions.toFixed(2), s.netPayable.toFixed(2)]);
    }
    return out;
  }

  it('pays the four earliest grants in full, the fifth what is left, the rest nothing, whatever the race', async () => {
    // tenants 7, 6, 5, 4 got their grants first
    const expected = [0, 1, 2, 3, 4, 5, 6, 7].map((i) =>
      i >= 4 ? ['100.00', '50.00', '50.00'] : i === 3 ? ['100.00', '25.00', '75.00'] : ['100.00', '0.00', '100.00'],
    );
    for (const concurrency of [1, 4, 16]) {
      expect({ concurrency, statements: await closeAt(concurrency) }).toEqual({ concurrency, statements: expected });
    }
  }, 300_000);

  it('a pooled tenant that cannot be rated fails alone: the others issue and draw from the pool', async () => {
    const world = await new BillingWorld(app).setUp();
    const programmeId = await world.programme({
      ratio: '0.5',
      eligibility: { resourceClasses: ['ai'] },
      pool: { yearlyBudget: '1000.00', order: 'grant_issue_time' },
    });
    const [good1, broken, good2] = [await world.tenant('ok1'), await world.tenant('bad'), await world.tenant('ok2')];
    for (const t of [good1, broken, good2]) await world.grant(t, programmeId, '1000.00');
    for (const t of [good1, good2]) await world.usage({ tenantId: t, start: '2026-08-10T00:00:00Z', hours: 10 });
    // a SKU the catalogue does not have: rating this tenant fails (INVALID_INPUT, the rating input's validation)
    await world.usage({ tenantId: broken, start: '2026-08-10T00:00:00Z', hours: 10, sku: 'gpu.not-in-the-book' });

    const worker = new PeriodCloseWorker(
      app.get<AppConfig>(APP_CONFIG),
      app.get(PeriodCloseService),
      app.get(PeriodCloseQueue),
      4,
    );
    worker.onModuleInit();
    try {
      const finance = await httpAs(app, OPERATOR_FINANCE);
      await finance.post('/v1/periods/2026-08/close').send({ parkId: world.parkId }).expect(201);
      const deadline = Date.now() + 60_000;
      let progress = await world.close.progress(world.parkId, '2026-08');
      while (progress.tenants.done + progress.tenants.failed < 3 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        progress = await world.close.progress(world.parkId, '2026-08');
      }
      expect(progress.tenants).toMatchObject({ total: 3, done: 2, failed: 1 });
      expect(progress.failures).toEqual([
        expect.objectContaining({
          tenantId: broken,
          code: 'INVALID_INPUT',
          message: expect.stringMatching(/gpu\.not-in-the-book/),
        }),
      ]);
    } finally {
      await worker.onApplicationShutdown();
    }
    for (const t of [good1, good2]) {
      const s = await world.statements.get(t, '2026-08');
      expect([s.gross.toFixed(2), s.deductions.toFixed(2), s.netPayable.toFixed(2)]).toEqual([
        '100.00',
        '50.00',
        '50.00',
      ]);
    }
  }, 120_000);
});
