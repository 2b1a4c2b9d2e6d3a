import { OPERATOR_ADMIN, OPERATOR_FINANCE, httpAs } from '../support/auth-tokens';
import { useBillingWorld } from './billing-park.fixture';

// Issue 12 item 5: issued periods are frozen; late usage is billed alone, at the price in force for it.
describe('a back-dated price cannot re-price an issued month (HTTP, real stores)', () => {
  const park = useBillingWorld();

  it('refuses a version or contract reaching into the issued September; bills a late hour alone at 10.00', async () => {
    const admin = await httpAs(park.app, OPERATOR_ADMIN);
    const finance = await httpAs(park.app, OPERATOR_FINANCE);
    const tenantId = await park.world.tenant('frozen');
    await park.world.usage({ tenantId, start: '2026-09-10T00:00:00Z', hours: 10 }); // 10 GPU-hours at 10.00
    await finance.post('/v1/periods/2026-09/close').send({ parkId: park.world.parkId }).expect(201);
    await park.world.close.waitUntilClosed(park.world.parkId, '2026-09', 60_000);

    const h100At = (unitPrice: string) => ({ 'gpu.h100-80g': { kind: 'per_unit', unitPrice } });
    const backDated = await admin
      .post(`/v1/price-books/${park.world.priceBookId}/versions`)
      .send({ version: 2, effectiveFrom: '2026-09-01T00:00:00Z', prices: h100At('20.00') })
      .expect(409);
    expect(backDated.body.error.code).toBe('PERIOD_FROZEN');
    expect(backDated.body.error.message).toContain('period 2026-09');
    expect(backDated.body.error.message).toContain('2026-09-30T16:00:00.000Z or later');
    const contract = await admin
      .post(`/v1/tenants/${tenantId}/contracts`)
      .send({
        id: `${tenantId}-c1`,
        number: 'HT-1',
        signedOn: '2026-09-01',
        effectiveFrom: '2026-09-15T00:00:00Z',
        overrides: h100At('1.00'),
      })
      .expect(409);
    expect(contract.body.error).toMatchObject({ code: 'PERIOD_FROZEN' });
    expect(contract.body.error.message).toContain('period 2026-09');
    // from 1 October (Asia/Shanghai) the new price is accepted
    await admin
      .post(`/v1/price-books/${park.world.priceBookId}/versions`)
      .send({ version: 2, effectiveFrom: '2026-09-30T16:00:00Z', prices: h100At('20.00') })
      .expect(201);

    // one September GPU-hour arrives late; October has one of its own
    await park.world.usage({ tenantId, start: '2026-09-29T00:00:00Z', hours: 1 });
    await park.world.usage({ tenantId, start: '2026-10-05T00:00:00Z', hours: 1 });
    await finance.post(`/v1/tenants/${tenantId}/statements/2026-10/issue`).expect(201);
    const october = await finance.get(`/v1/tenants/${tenantId}/statements/2026-10`).expect(200);
    const view = (october.body.statement ?? october.body).view as {
      totals: Record<string, string>;
      adjustments: {
        periodId: string;
        subtotal: string;
        lines: { quantity: string; unitPrice: string; amount: string }[];
      }[];
    };
    expect(view.adjustments).toEqual([
      expect.objectContaining({
        periodId: '2026-09',
        subtotal: '10.00',
        lines: [expect.objectContaining({ quantity: '1', unitPrice: '10.00', amount: '10.00' })],
      }),
    ]);
    expect(view.totals).toMatchObject({ usage: '20.00', adjustments: '10.00', gross: '30.00' });
    const issued = await park.world.statements.get(tenantId, '2026-09');
    expect(issued.gross.toFixed(2)).toBe('100.00');
  });
});
