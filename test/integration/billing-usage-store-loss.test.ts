import { ClickHouseService } from '@park/clickhouse';
import { httpAs, OPERATOR_FINANCE } from '../support/auth-tokens';
import { useBillingWorld } from './billing-park.fixture';

interface Progress {
  status: string;
  tenants: { total: number; done: number; pending: number; failed: number; held: number };
  failures: { tenantId: string; code: string; message: string; attempts: number }[];
}

interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

interface PreviewBody {
  view: { adjustments: { periodId: string; subtotal: string }[]; totals: Record<string, string> };
}

/**
 * ClickHouse that lost usage already billed (restored from an old backup, or CLICKHOUSE_DATABASE pointing at another
 * store while PostgreSQL keeps the issued statements) must not turn into credits on the next statement: rating
 * refuses with BILLED_USAGE_MISSING, and nothing is written. Usage that arrives late is still billed.
 */
describe('a usage store that lost billed usage', () => {
  const park = useBillingWorld();

  it('refuses preview, issue and the close of the next period, and still bills late usage that adds', async () => {
    const { world } = park;
    const finance = await httpAs(park.app, OPERATOR_FINANCE);
    const programmeId = await world.programme({ ratio: '0.2', eligibility: { resourceClasses: ['ai'] } });
    const lost = await world.tenant('lost');
    const grower = await world.tenant('grower');
    await world.grant(lost, programmeId, '10000.00');
    await world.usage({ tenantId: lost, start: '2026-09-10T00:00:00Z', hours: 10 }); // 100.00, 20.00 of vouchers
    await world.usage({ tenantId: grower, start: '2026-09-11T00:00:00Z', hours: 5 }); // 50.00

    await finance.post('/v1/periods/2026-09/close').send({ parkId: world.parkId }).expect(201);
    await world.close.waitUntilClosed(world.parkId, '2026-09', 60_000);
    const september = await world.statements.get(lost, '2026-09');
    expect([september.gross.toFixed(2), september.deductions.toFixed(2)]).toEqual(['100.00', '20.00']);

    // the usage store loses the tenant's usage: raw records and the rollup the bill reads
    const ch = park.app.get(ClickHouseService);
    for (const table of ['usage_records', 'usage_hourly'])
      await ch.client.command({
        query: `DELETE FROM ${ch.database}.${table} WHERE tenant_id = '${lost}'`,
        clickhouse_settings: { lightweight_deletes_sync: '2' },
      });

    const written = async () => ({
      statements: await world.prisma.statement.findMany({
        where: { tenantId: lost },
        select: { id: true, periodId: true, status: true, updatedAt: true },
        orderBy: { periodId: 'asc' },
      }),
      transactions: await world.prisma.ledgerTransaction.count({ where: { tenantId: lost } }),
      postings: await world.prisma.ledgerPosting.aggregate({
        where: { programmeId },
        _count: { _all: true },
        _sum: { amount: true },
      }),
      counters: (await world.prisma.voucherCounter.findMany({ where: { programmeId } }))
        .map((c) => `${c.tenantId}|${c.year}|${c.used.toFixed(2)}`)
        .sort(),
      billed: await world.prisma.billedUsage.count({ where: { tenantId: lost } }),
      issueEvents: await world.prisma.auditEvent.count({
        where: { action: 'statement.issue', payload: { path: ['tenantId'], equals: lost } },
      }),
    });
    const before = await written();
    expect(before.statements.map((s) => [s.periodId, s.status])).toEqual([['2026-09', 'issued']]);
    expect(before.counters).toContain(`${lost}|2026|20.00`);

    const refusal = (body: ErrorBody) => {
      expect(body.error.code).toBe('BILLED_USAGE_MISSING');
      expect(body.error.message).toContain(`tenant ${lost}: the usage store (ClickHouse) holds less usage than was`);
      expect(body.error.message).toContain('2026-09 gpu.h100-80g training: billed 36000, found 0');
      expect(body.error.message).toContain('CLICKHOUSE_URL / CLICKHOUSE_DATABASE');
      expect(body.error.issues).toEqual([
        { path: '2026-09/gpu.h100-80g/training', message: 'billed 36000, found 0 base units' },
      ]);
    };
    const preview = await finance.get(`/v1/tenants/${lost}/statements/2026-10/preview`).expect(409);
    refusal(preview.body as ErrorBody);
    const issue = await finance.post(`/v1/tenants/${lost}/statements/2026-10/issue`).expect(409);
    refusal(issue.body as ErrorBody);
    expect(await written()).toEqual(before);

    // the positive control, in the same park after the loss: late usage that adds is billed as before
    await world.usage({ tenantId: grower, start: '2026-09-20T00:00:00Z', hours: 3 }); // 30.00
    const grown = (await finance.get(`/v1/tenants/${grower}/statements/2026-10/preview`).expect(200)).body;
    expect((grown as PreviewBody).view.adjustments).toEqual([
      expect.objectContaining({ periodId: '2026-09', subtotal: '30.00' }),
    ]);
    const grownIssued = (await finance.post(`/v1/tenants/${grower}/statements/2026-10/issue`).expect(201)).body;
    expect((grownIssued as PreviewBody).view.totals).toMatchObject({ adjustments: '30.00', gross: '30.00' });

    // the close of October: the tenant's task fails at once with the reason, the others are issued
    await finance.post('/v1/periods/2026-10/close').send({ parkId: world.parkId }).expect(201);
    const progressOf = async (): Promise<Progress> =>
      (await finance.get(`/v1/periods/2026-10/close?parkId=${world.parkId}`).expect(200)).body as Progress;
    const settled = async (): Promise<Progress> => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const p = await progressOf();
        if (p.tenants.pending === 0 || Date.now() > deadline) return p;
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const failed = await settled();
    expect(failed).toMatchObject({ status: 'closing', tenants: { total: 2, done: 1, pending: 0, failed: 1 } });
    expect(failed.failures).toEqual([
      expect.objectContaining({ tenantId: lost, code: 'BILLED_USAGE_MISSING', attempts: 1 }),
    ]);
    expect(failed.failures[0].message).toContain('2026-09 gpu.h100-80g training: billed 36000, found 0');
    expect(await written()).toEqual(before);

    // the remedy: the usage is back (as a restore would bring it); posting the close again issues October, with
    // nothing adjusted for September
    await world.usage({ tenantId: lost, start: '2026-09-10T00:00:00Z', hours: 10 });
    await finance.post('/v1/periods/2026-10/close').send({ parkId: world.parkId }).expect(201);
    await world.close.waitUntilClosed(world.parkId, '2026-10', 30_000);
    const october = await world.statements.get(lost, '2026-10');
    const view = october.view as PreviewBody['view'];
    expect(view.adjustments).toEqual([]);
    expect(view.totals).toMatchObject({ gross: '0.00' });
  });
});
