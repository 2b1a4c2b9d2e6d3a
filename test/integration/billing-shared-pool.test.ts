import { useBillingWorld } from './billing-park.fixture';

describe('a programme pool shared across tenants', () => {
  const park = useBillingWorld();

  it('is never overspent when tenants sharing it issue concurrently', async () => {
    // pool 1,000.00 a year; 6 tenants each asking 50 % of 1,000.00 = 500.00 → 3,000.00 asked
    const programmeId = await park.world.programme({ ratio: '0.5', pool: { yearlyBudget: '1000.00' } }, 'pool');
    const tenants: string[] = [];
    for (let i = 0; i < 6; i++) {
      const tenantId = await park.world.tenant(`pool${i}`);
      await park.world.grant(tenantId, programmeId, '5000.00');
      await park.world.usage({ tenantId, start: '2026-10-05T00:00:00Z', hours: 100 });
      tenants.push(tenantId);
    }
    // every tenant issued 4 times at once, all tenants at once
    const results = await Promise.all(
      tenants.flatMap((t) => Array.from({ length: 4 }, () => park.world.statements.issue(t, '2026-10'))),
    );
    expect(results.filter((r) => r.newlyIssued)).toHaveLength(6);

    const statements = await park.world.prisma.statement.findMany({ where: { tenantId: { in: tenants } } });
    const deducted = statements.map((s) => s.deductions.toFixed(2));
    // integer 分, test arithmetic only
    const total = statements.reduce((t, s) => t + Math.round(Number(s.deductions.toFixed(2)) * 100), 0);
    expect(total).toBe(100_000);
    // first come, first served: two tenants got 500.00, the rest nothing
    expect(deducted.filter((d) => d === '500.00')).toHaveLength(2);
    expect(deducted.filter((d) => d === '0.00')).toHaveLength(4);

    const pool = await park.world.prisma.voucherCounter.findUnique({
      where: { programmeId_tenantId_year: { programmeId, tenantId: '', year: 2026 } },
    });
    expect(pool?.used.toFixed(2)).toBe('1000.00');
    const redeemed = await park.world.prisma.ledgerPosting.aggregate({
      where: { accountId: `programme:${programmeId}:redeemed` },
      _sum: { amount: true },
    });
    expect(redeemed._sum.amount?.toFixed(2)).toBe('1000.00');
  });
});

describe('an issue that finds its pool room taken after reading it', () => {
  const park = useBillingWorld();

  it('rolls back and issues again against what the pool has left (the guarded update fails)', async () => {
    // pool 1,000.00 a year; two tenants each asking 50 % of 1,200.00 = 600.00
    const programmeId = await park.world.programme({ ratio: '0.5', pool: { yearlyBudget: '1000.00' } }, 'room');
    const tenants: string[] = [];
    for (const name of ['room-a', 'room-b']) {
      const tenantId = await park.world.tenant(name);
      await park.world.grant(tenantId, programmeId, '5000.00');
      await park.world.usage({ tenantId, start: '2026-10-05T00:00:00Z', hours: 120 });
      tenants.push(tenantId);
    }
    const prisma = park.world.prisma;
    await prisma.$executeRaw`
      INSERT INTO voucher_counters (programme_id, tenant_id, year, used) VALUES (${programmeId}, '', 2026, 0)
      ON CONFLICT DO NOTHING`;
    // Another writer holds the pool's row while both issues read it as empty and come to update it; it takes 500.00
    let issues: Promise<unknown> = Promise.resolve();
    await prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`
          SELECT 1 FROM voucher_counters WHERE programme_id = ${programmeId} AND tenant_id = '' FOR UPDATE`;
        issues = Promise.all(tenants.map((t) => park.world.statements.issue(t, '2026-10')));
        for (let waiting = 0; waiting < 2;) {
          await new Promise((r) => setTimeout(r, 50));
          const [row] = await prisma.$queryRaw<{ n: number }[]>`
            SELECT count(*)::int AS n FROM pg_stat_activity
             WHERE wait_event_type = 'Lock' AND query LIKE '%pool_room_guard%'`;
          waiting = row.n;
        }
        await tx.$executeRaw`
          UPDATE voucher_counters SET used = used + 500 WHERE programme_id = ${programmeId} AND tenant_id = ''`;
      },
      { timeout: 60_000 },
    );
    await issues;
    const statements = await prisma.statement.findMany({ where: { tenantId: { in: tenants } } });
    // both ran again with the pool locked: one got the 500.00 left, the other nothing
    expect(statements.map((s) => s.deductions.toFixed(2)).sort()).toEqual(['0.00', '500.00']);
    const pool = await prisma.voucherCounter.findUnique({
      where: { programmeId_tenantId_year: { programmeId, tenantId: '', year: 2026 } },
    });
    expect(pool?.used.toFixed(2)).toBe('1000.00');
  });
});
