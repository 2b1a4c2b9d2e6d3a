import type { INestApplication } from '@nestjs/common';
import { periodOf } from '@park/billing-domain';
import { httpAs, OPERATOR_FINANCE } from '../support/auth-tokens';
import { billingApp, BillingWorld } from './billing-park.fixture';

/** Issue 12 items 12 and 13: what a bureau auditor and a tenant read without asking for more. */
describe('billing-api reads', () => {
  let app: INestApplication;
  let world: BillingWorld;
  let otherWorld: BillingWorld;

  beforeAll(async () => {
    app = await billingApp();
    world = await new BillingWorld(app).setUp();
    otherWorld = await new BillingWorld(app).setUp();
  });
  afterAll(() => app?.close());

  it("lists a bureau auditor's own bureau's programmes, and only those (it was 403)", async () => {
    const mine = [await world.programme({ ratio: '0.3' }, 'mine-a'), await world.programme({ ratio: '0.2' }, 'mine-b')];
    const theirs = await otherWorld.programme({ ratio: '0.5' }, 'theirs');
    const auditor = await httpAs(app, { role: 'bureau-auditor', bureauId: world.bureauId });
    const listed = (await auditor.get('/v1/programmes').expect(200)).body as { id: string; bureauId: string }[];
    expect(listed.map((p) => p.id).sort()).toEqual([...mine].sort());
    expect(new Set(listed.map((p) => p.bureauId))).toEqual(new Set([world.bureauId]));
    // the operators still see every bureau's
    const operator = await httpAs(app, OPERATOR_FINANCE);
    const all = ((await operator.get('/v1/programmes').expect(200)).body as { id: string }[]).map((p) => p.id);
    expect(all).toEqual(expect.arrayContaining([...mine, theirs]));
  });

  it("answers a tenant's usage without ?period for the current month in Asia/Shanghai, to date", async () => {
    const tenantId = await world.tenant('usage');
    const hourAgo = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000);
    await world.usage({ tenantId, start: hourAgo.toISOString(), hours: 1 });
    const viewer = await httpAs(app, { role: 'tenant-viewer', tenantId });
    const usage = (await viewer.get(`/v1/tenants/${tenantId}/usage`).expect(200)).body as {
      periodId: string;
      skus: unknown[];
    };
    expect(usage.periodId).toBe(periodOf(new Date()));
    // the record an hour ago is in this month unless the month began within the hour
    if (periodOf(hourAgo) === usage.periodId) expect(usage.skus).toHaveLength(1);
    const explicit = await viewer.get(`/v1/tenants/${tenantId}/usage`).query({ period: usage.periodId }).expect(200);
    expect(explicit.body).toEqual(usage);
  });

  it("answers a tenant's usage and cost per Shanghai day, the days summing to the month's gross", async () => {
    const tenantId = await world.tenant('daily');
    // 08:00–11:00 on 5 October in Shanghai; 04:00 on 6 October in Shanghai is 20:00 UTC on the 5th
    await world.usage({ tenantId, start: '2026-10-05T00:00:00Z', hours: 3 });
    await world.usage({ tenantId, start: '2026-10-05T20:00:00Z', hours: 2 });
    await world.usage({ tenantId, sku: 'gpu.ascend-910b', start: '2026-10-06T01:00:00Z', hours: 1.5 });
    const viewer = await httpAs(app, { role: 'tenant-viewer', tenantId });
    const trend = (await viewer.get(`/v1/tenants/${tenantId}/usage/daily`).query({ period: '2026-10' }).expect(200))
      .body as { periodId: string; days: { day: string; amount: string; skus: Record<string, string | null>[] }[] };
    expect(trend.periodId).toBe('2026-10');
    expect(trend.days.map((d) => d.day)).toHaveLength(31);
    expect(trend.days[0]).toEqual({ day: '2026-10-01', amount: '0.00', skus: [] });
    const used = trend.days.filter((d) => d.skus.length > 0);
    expect(used).toEqual([
      {
        day: '2026-10-05',
        amount: '30.00',
        skus: [{ sku: 'gpu.h100-80g', quantity: '3', billingUnit: 'gpu_hour', amount: '30.00' }],
      },
      {
        day: '2026-10-06',
        amount: '29.00',
        skus: [
          { sku: 'gpu.ascend-910b', quantity: '1.5', billingUnit: 'gpu_hour', amount: '9.00' },
          { sku: 'gpu.h100-80g', quantity: '2', billingUnit: 'gpu_hour', amount: '20.00' },
        ],
      },
    ]);
    const preview = (await viewer.get(`/v1/tenants/${tenantId}/statements/2026-10/preview`).expect(200)).body as {
      view: { totals: { gross: string } };
    };
    expect(preview.view.totals.gross).toBe('59.00');
    // another tenant's trend is not found for this tenant (as every other tenant's resource)
    const other = await otherWorld.tenant('daily-other');
    await viewer.get(`/v1/tenants/${other}/usage/daily`).expect(404);
    await viewer.get(`/v1/tenants/${tenantId}/usage/daily`).query({ period: '2026-13' }).expect(400);
  });
});
