import { CatalogueService } from '@park/billing';
import { httpAs, OPERATOR_ADMIN, OPERATOR_FINANCE } from '../support/auth-tokens';
import { uniqueId } from '../support/test-config';
import { useBillingWorld } from './billing-park.fixture';

interface Progress {
  status: string;
  tenants: { total: number; done: number; pending: number; failed: number; held: number };
  failures: { tenantId: string; code: string; message: string; attempts: number }[];
}

/** Issue 12 item 7: a tenant whose close fails is reported with its reason, and a retry after the fix completes it. */
describe('a close that fails for a tenant', () => {
  const park = useBillingWorld();

  it('reports the failing tenant with its reason, stays closing, and completes on a retry after the fix', async () => {
    const finance = await httpAs(park.app, OPERATOR_FINANCE);
    const admin = await httpAs(park.app, OPERATOR_ADMIN);
    const good = await park.world.tenant('good');
    const unpriced = await park.world.tenant('unpriced');
    await park.world.usage({ tenantId: good, start: '2026-06-03T00:00:00Z', hours: 4 }); // 40.00
    // the A800 is not in the world's price book
    await park.world.usage({ tenantId: unpriced, sku: 'gpu.a800-80g', start: '2026-06-03T00:00:00Z', hours: 2 });
    const progressOf = async (): Promise<Progress> =>
      (await finance.get(`/v1/periods/2026-06/close?parkId=${park.world.parkId}`).expect(200)).body as Progress;
    const settled = async (): Promise<Progress> => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const p = await progressOf();
        if (p.tenants.pending === 0 || Date.now() > deadline) return p;
        await new Promise((r) => setTimeout(r, 200));
      }
    };

    await finance.post('/v1/periods/2026-06/close').send({ parkId: park.world.parkId }).expect(201);
    const failed = await settled();
    expect(failed).toMatchObject({ status: 'closing', tenants: { total: 2, done: 1, pending: 0, failed: 1, held: 0 } });
    // the rating input's validation names the missing price (billing-domain reports it as an input problem)
    const reason = { tenantId: unpriced, code: 'INVALID_INPUT', attempts: 1 };
    expect(failed.failures).toEqual([expect.objectContaining(reason)]);
    expect(failed.failures[0].message).toContain('no price for gpu.a800-80g');

    // retried before the cause is fixed: it runs again (a new job) and fails again with the same reason
    const again = (await finance.post('/v1/periods/2026-06/close').send({ parkId: park.world.parkId }).expect(201))
      .body;
    expect(again).toMatchObject({ status: 'closing', retried: 1, enqueued: 1 });
    const stillFailed = await settled();
    expect(stillFailed.tenants).toMatchObject({ done: 1, failed: 1 });
    expect(stillFailed.failures[0]).toMatchObject({ tenantId: unpriced, code: 'INVALID_INPUT', attempts: 1 });

    // the fix: the tenant moves to a price book that prices the A800; the retry issues its statement
    const book = uniqueId('book-');
    await park.app.get(CatalogueService).createPriceBook({
      id: book,
      name: 'with A800',
      versions: [
        {
          version: 1,
          effectiveFrom: '2026-01-01T00:00:00Z',
          prices: { 'gpu.a800-80g': { kind: 'per_unit', unitPrice: '8.00' } },
        },
      ],
    });
    await admin.patch(`/v1/tenants/${unpriced}`).send({ priceBookId: book }).expect(200);
    const fixed = await finance.post('/v1/periods/2026-06/close').send({ parkId: park.world.parkId }).expect(201);
    expect(fixed.body).toMatchObject({ retried: 1 });
    await park.world.close.waitUntilClosed(park.world.parkId, '2026-06', 30_000);
    const tenantsDone = { total: 2, done: 2, pending: 0, failed: 0 };
    expect(await progressOf()).toMatchObject({ status: 'closed', tenants: tenantsDone, failures: [] });
    const statement = await park.world.statements.get(unpriced, '2026-06');
    expect(statement.gross.toFixed(2)).toBe('16.00');
    const entityId = `${park.world.parkId}/2026-06`;
    const retries = await park.world.prisma.auditEvent.count({ where: { action: 'period.close.retry', entityId } });
    expect(retries).toBe(2);
  });
});
