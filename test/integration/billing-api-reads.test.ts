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
});
