// A programme's yearly pool, co-funded province : city 1 : 1, runs out across tenants.
import { sum } from '@park/money';
import { aGrant, aLine, aProgramme } from '../testing/builders';
import { closeTenantsInOrder, type TenantToClose } from '../vouchers/close-tenants';
import { checkInvariants } from '../vouchers/invariants';
import { buildGrant } from '../vouchers/grant';

describe('scenario: a pool exhausted across tenants', () => {
  const programme = aProgramme({
    id: 'pool-voucher',
    ratio: '0.30',
    pool: { yearlyBudget: '100000.00' },
    funders: [
      { id: 'province', share: '1' },
      { id: 'city', share: '1' },
    ],
  });
  const tenant = (id: string, queuePosition?: number): TenantToClose => ({
    tenant: { id },
    grants: [aGrant({ id: `g-${id}`, tenantId: id, programmeId: programme.id, faceValue: '50000.00' })],
    // 30 % of 150,000.03 = 45,000.009 → 45,000.01
    lines: [aLine({ lineId: `${id}/jan`, amount: '150000.03' })],
    queuePosition,
  });

  it('applies tenants in tenant-id order; the last gets what is left', () => {
    const r = closeTenantsInOrder({
      asOf: '2025-02-03',
      programmes: [programme],
      tenants: [tenant('t-c'), tenant('t-a'), tenant('t-b')],
    });
    expect(r.order).toEqual(['t-a', 't-b', 't-c']);
    expect(r.summary.map((s) => [s.tenantId, s.amount.toFixed(2)])).toEqual([
      ['t-a', '45000.01'],
      ['t-b', '45000.01'],
      ['t-c', '9999.98'],
    ]);
    expect(r.results[2].deductions[0].boundBy).toBe('pool');
    expect(r.state.poolYear.map((p) => [p.programmeId, p.year, p.used.toFixed(2)])).toEqual([
      ['pool-voucher', 2025, '100000.00'],
    ]);
    for (const result of r.results) {
      const t = tenant(result.tenantId);
      const violations = checkInvariants({
        lines: t.lines,
        grants: t.grants.map(buildGrant),
        programmes: [programme],
        deductions: result.deductions,
        state: r.state,
      });
      expect(violations).toEqual([]);
    }
  });

  it('splits every deduction by the co-funding shares exactly, remainder to the first funder', () => {
    const r = closeTenantsInOrder({
      asOf: '2025-02-03',
      programmes: [programme],
      tenants: [tenant('t-a'), tenant('t-b'), tenant('t-c')],
    });
    const funding = r.results.map((x) => x.deductions[0].funding.map((f) => [f.funderId, f.amount.toFixed(2)]));
    expect(funding).toEqual([
      [
        ['province', '22500.01'],
        ['city', '22500.00'],
      ],
      [
        ['province', '22500.01'],
        ['city', '22500.00'],
      ],
      [
        ['province', '4999.99'],
        ['city', '4999.99'],
      ],
    ]);
    const all = r.results.flatMap((x) => x.deductions.flatMap((d) => d.funding));
    expect(sum(all.map((f) => f.amount)).toFixed(2)).toBe('100000.00');
  });

  it('a queue position (e.g. submission order) comes before the tenant id', () => {
    const r = closeTenantsInOrder({
      asOf: '2025-02-03',
      programmes: [programme],
      tenants: [tenant('t-a'), tenant('t-b'), tenant('t-c', 1)],
    });
    expect(r.summary.map((s) => [s.tenantId, s.amount.toFixed(2)])).toEqual([
      ['t-c', '45000.01'],
      ['t-a', '45000.01'],
      ['t-b', '9999.98'],
    ]);
  });

  it('a pool already partly used by earlier statements leaves less', () => {
    const r = closeTenantsInOrder({
      asOf: '2025-02-03',
      programmes: [programme],
      state: { poolYear: [{ programmeId: programme.id, year: 2025, used: '99000.00' }] },
      tenants: [tenant('t-a'), tenant('t-b')],
    });
    expect(r.summary.map((s) => [s.tenantId, s.amount.toFixed(2)])).toEqual([['t-a', '1000.00']]);
    expect(r.results[1].notes).toContainEqual(expect.objectContaining({ reason: 'pool' }));
  });
});
