import { BillingPgPool } from '@park/billing';
import { useBillingWorld } from './billing-park.fixture';

/**
 * PostgreSQL closes every connection of the park while a close runs (a restart, a failover, an administrator): the
 * process lives on, the jobs that lost their connection retry, and every statement is issued once. Before the
 * issuing pool listened for it, an idle connection closed this way ended the process.
 */
describe('a close while PostgreSQL closes the connections', () => {
  const park = useBillingWorld();

  /** Every other connection to this database, ended by PostgreSQL as a restart would (FATAL 57P01). */
  const closeConnections = () =>
    park.world.prisma.$queryRaw`
      SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid()`;

  it('lives on: the jobs retry and every statement is issued once', async () => {
    const tenants: string[] = [];
    for (let i = 0; i < 12; i++) {
      const tenantId = await park.world.tenant(`lost${i}`);
      await park.world.usage({ tenantId, start: '2026-05-03T00:00:00Z', hours: 2 + i });
      tenants.push(tenantId);
    }
    // the issuing pool holds idle connections, as it does after any close's first statements
    const pool = park.app.get(BillingPgPool).pool;
    const held = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
    held.forEach((client) => client.release());
    expect(pool.idleCount).toBeGreaterThanOrEqual(3);

    await closeConnections();
    await park.world.close.startClose({ parkId: park.world.parkId, periodId: '2026-05' });
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 150));
      await closeConnections().catch(() => undefined);
    }
    await park.world.close.waitUntilClosed(park.world.parkId, '2026-05', 90_000);

    const issued = await park.world.prisma.statement.findMany({
      where: { tenantId: { in: tenants }, periodId: '2026-05' },
      orderBy: { tenantId: 'asc' },
    });
    expect(issued.filter((s) => s.status !== 'draft')).toHaveLength(12);
    // 10.00 an hour in the world's price book: 2 to 13 hours
    const gross = new Map(issued.map((s) => [s.tenantId, s.gross.toFixed(2)]));
    expect(tenants.map((t) => gross.get(t))).toEqual(tenants.map((_, i) => `${(2 + i) * 10}.00`));
  }, 120_000);
});
