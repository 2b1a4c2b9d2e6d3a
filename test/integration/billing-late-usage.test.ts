import { httpAs, OPERATOR_FINANCE } from '../support/auth-tokens';
import { useBillingWorld } from './billing-park.fixture';

describe('closing periods through BullMQ, and usage arriving after a close', () => {
  const park = useBillingWorld();

  it('closes a period with one job per tenant, then bills late usage as an adjustment of the next period', async () => {
    const programmeId = await park.world.programme({ ratio: '0.2', eligibility: { resourceClasses: ['ai'] } });
    const late = await park.world.tenant('late');
    const others = [await park.world.tenant('other'), await park.world.tenant('other')];
    await park.world.grant(late, programmeId, '10000.00');
    await park.world.usage({ tenantId: late, start: '2026-09-10T00:00:00Z', hours: 10 }); // 100.00
    for (const t of others)
      await park.world.usage({
        tenantId: t,
        sku: 'render.node',
        jobType: 'render',
        start: '2026-09-12T00:00:00Z',
        hours: 5,
      }); // 20.00

    // started over HTTP by operator-finance: the close and every statement its jobs issue are audited as theirs
    const finance = await httpAs(park.app, OPERATOR_FINANCE);
    const started = (await finance.post('/v1/periods/2026-09/close').send({ parkId: park.world.parkId }).expect(201))
      .body;
    expect(started).toMatchObject({ status: 'closing', tenantCount: 3, enqueued: 3 });
    const closed = await park.world.close.waitUntilClosed(park.world.parkId, '2026-09', 60_000);
    expect(closed).toMatchObject({ status: 'closed', issuedCount: 3 });
    const closeEvents = await park.world.prisma.auditEvent.findMany({
      where: {
        OR: [
          { action: 'period.close', entityId: `${park.world.parkId}/2026-09` },
          { action: 'statement.issue', payload: { path: ['periodId'], equals: '2026-09' } },
        ],
      },
    });
    const ours = closeEvents.filter(
      (e) => e.action === 'period.close' || [late, ...others].includes((e.payload as { tenantId: string }).tenantId),
    );
    expect(ours.map((e) => [e.action, e.role]).sort()).toEqual(
      [['period.close', 'operator-finance'], ...[1, 2, 3].map(() => ['statement.issue', 'operator-finance'])].sort(),
    );
    // closing again enqueues nothing and issues nothing twice
    expect(await park.world.close.startClose({ parkId: park.world.parkId, periodId: '2026-09' })).toMatchObject({
      status: 'closed',
      enqueued: 0,
    });
    expect(
      await park.world.prisma.statement.count({ where: { tenantId: { in: [late, ...others] }, periodId: '2026-09' } }),
    ).toBe(3);

    const september = await park.world.statements.get(late, '2026-09');
    expect([september.gross.toFixed(2), september.deductions.toFixed(2), september.netPayable.toFixed(2)]).toEqual([
      '100.00',
      '20.00',
      '80.00',
    ]);

    // 3 GPU-hours of September arrive after the close; October has 1 GPU-hour of its own
    await park.world.usage({ tenantId: late, start: '2026-09-20T00:00:00Z', hours: 3 });
    await park.world.usage({ tenantId: late, start: '2026-10-02T00:00:00Z', hours: 1 });
    await expect(park.world.statements.issue(others[0], '2026-09')).resolves.toMatchObject({ newlyIssued: false });

    const october = await park.world.statements.issue(late, '2026-10');
    const view = october.statement.view as {
      totals: Record<string, string>;
      adjustments: { periodId: string; subtotal: string; lines: { lineId: string; quantity: string }[] }[];
    };
    expect(view.adjustments).toHaveLength(1);
    expect(view.adjustments[0]).toMatchObject({ periodId: '2026-09', subtotal: '30.00' });
    expect(view.adjustments[0].lines[0].lineId).toMatch(/^adj\/2026-09\/gpu\.h100-80g\/training/);
    expect(view.totals).toMatchObject({
      usage: '10.00',
      adjustments: '30.00',
      gross: '40.00',
      deductions: '8.00',
      netPayable: '32.00',
    });

    // the issued September statement never changes; the late usage is now billed, so it is not billed again
    const againSeptember = await park.world.statements.get(late, '2026-09');
    expect(againSeptember.updatedAt.getTime()).toBe(september.updatedAt.getTime());
    const billed = await park.world.prisma.billedUsage.aggregate({
      where: { tenantId: late, usagePeriodId: '2026-09' },
      _sum: { quantityBase: true },
    });
    expect(billed._sum.quantityBase?.toFixed(0)).toBe(String(13 * 3600));
  });
});
