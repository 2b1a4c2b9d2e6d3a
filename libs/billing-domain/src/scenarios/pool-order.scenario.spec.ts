// Issue 12 item 4. A programme's yearly pool of 100,000.00 cannot pay three tenants 45,000.01 each. Who is paid
// is the programme's rule (pool.order), decided for the whole close before any statement is issued.
import { aGrant, aLine, aProgramme } from '../testing/builders';
import type { TenantToClose } from '../vouchers/close-tenants';
import { allocatePools } from '../vouchers/pool-allocation';
import { buildProgramme } from '../vouchers/programme';

describe('scenario: pool order as a rule of the programme', () => {
  const pooled = (order?: 'grant_issue_time' | 'pro_rata') =>
    aProgramme({ id: 'pool-voucher', ratio: '0.30', pool: { yearlyBudget: '100000.00', order } });
  // Grants issued on 3, 1 and 2 March: queuePosition is the issue time of a tenant's earliest pooled grant.
  const issued = {
    't-a': Date.parse('2025-03-03T02:00:00Z'),
    't-b': Date.parse('2025-03-01T02:00:00Z'),
    't-c': Date.parse('2025-03-02T02:00:00Z'),
  };
  const tenant = (id: keyof typeof issued, amount = '150000.03'): TenantToClose => ({
    tenant: { id },
    grants: [aGrant({ id: `g-${id}`, tenantId: id, programmeId: 'pool-voucher', faceValue: '50000.00' })],
    lines: [aLine({ lineId: `${id}/jan`, amount })], // 30 % = 45,000.009 → 45,000.01
    queuePosition: issued[id],
  });
  const amounts = (r: ReturnType<typeof allocatePools>) => r.map((a) => [a.tenantId, a.year, a.amount.toFixed(2)]);

  it('defaults to grant issue time: the earliest grants are paid first, whatever the tenant ids or job order', () => {
    expect(pooled().pool?.order).toBe('grant_issue_time');
    for (const order of [
      ['t-a', 't-b', 't-c'],
      ['t-c', 't-a', 't-b'],
    ] as const) {
      const r = allocatePools({ asOf: '2025-02-03', programmes: [pooled()], tenants: order.map((id) => tenant(id)) });
      expect(amounts(r)).toEqual([
        ['t-a', 2025, '9999.98'],
        ['t-b', 2025, '45000.01'],
        ['t-c', 2025, '45000.01'],
      ]);
    }
  });

  it('pro rata shares the room by demand, truncated to 分, the remainder to the first tenant in order', () => {
    const r = allocatePools({
      asOf: '2025-02-03',
      programmes: [pooled('pro_rata')],
      state: { poolYear: [{ programmeId: 'pool-voucher', year: 2025, used: '10000.00' }] },
      tenants: [tenant('t-a'), tenant('t-b'), tenant('t-c', '30000.00')], // demands 45,000.01, 45,000.01, 9,000.00
    });
    // room 90,000.00 of demands 99,000.02: 40,909.09… each for t-a and t-b, 8,181.81… for t-c; the 分 left goes
    // to t-b, whose grant was issued first
    expect(amounts(r)).toEqual([
      ['t-a', 2025, '40909.09'],
      ['t-b', 2025, '40909.10'],
      ['t-c', 2025, '8181.81'],
    ]);
  });

  it('pays every demand in full when the pool has room, in either order', () => {
    const r = allocatePools({
      asOf: '2025-02-03',
      programmes: [pooled('pro_rata')],
      tenants: [tenant('t-a', '1000.00'), tenant('t-b', '2000.00')],
    });
    expect(amounts(r)).toEqual([
      ['t-a', 2025, '300.00'],
      ['t-b', 2025, '600.00'],
    ]);
  });

  it('refuses an unknown order or a misspelt pool key, naming it', () => {
    const spec = { id: 'p', bureau: 'b', name: 'n', ratio: '0.3' };
    expect(() => buildProgramme({ ...spec, pool: { yearlyBudget: '1.00', order: 'first_come' as never } })).toThrow(
      /programme\.pool\.order: must be one of grant_issue_time, pro_rata/,
    );
    expect(() => buildProgramme({ ...spec, pool: { yearlyBudget: '1.00', budget: '2.00' } as never })).toThrow(
      /programme\.pool\.budget: unknown key/,
    );
  });
});
