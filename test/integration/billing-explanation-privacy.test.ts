import { OPERATOR_FINANCE, httpAs } from '../support/auth-tokens';
import { useBillingWorld } from './billing-park.fixture';

// Issue 12 item 8: a deduction's explanation shows the tenant its own numbers only; the pool is the operator's.
describe('deduction explanations: no pool room for the tenant', () => {
  const park = useBillingWorld();

  it('the tenant sees its limits without the pool; operator-finance still sees the pool left', async () => {
    const programmeId = await park.world.programme({ ratio: '0.5', pool: { yearlyBudget: '10000.00' } });
    const other = await park.world.tenant('other');
    const tenantId = await park.world.tenant('private');
    for (const t of [other, tenantId]) {
      await park.world.grant(t, programmeId, '1000.00');
      await park.world.usage({ tenantId: t, start: '2026-07-10T00:00:00Z', hours: 10 }); // 100.00 → 50.00 each
    }
    const finance = await httpAs(park.app, OPERATOR_FINANCE);
    await finance.post(`/v1/tenants/${other}/statements/2026-07/issue`).expect(201);
    await finance.post(`/v1/tenants/${tenantId}/statements/2026-07/issue`).expect(201);

    type Detail = {
      deductions: { amount: string; explanation: { limits: { name: string; remaining: string }[]; boundBy: string } }[];
    };
    const limitsOf = (body: Detail) => body.deductions.flatMap((d) => d.explanation.limits.map((l) => l.name));
    const operator = (await finance.get(`/v1/tenants/${tenantId}/statements/2026-07`).expect(200)).body as Detail;
    expect(operator.deductions[0].explanation.limits).toContainEqual({ name: 'pool', remaining: '9950.00' }); // the other tenant's 50.00 shows
    for (const role of ['tenant-admin', 'tenant-viewer'] as const) {
      const tenant = await httpAs(park.app, { role, tenantId });
      const seen = (await tenant.get(`/v1/tenants/${tenantId}/statements/2026-07`).expect(200)).body as Detail;
      expect(seen.deductions.map((d) => d.amount)).toEqual(operator.deductions.map((d) => d.amount));
      expect(limitsOf(seen)).toEqual(limitsOf(operator).filter((n) => n !== 'pool'));
      expect(JSON.stringify(seen.deductions)).not.toContain('9950');
    }
  });
});
