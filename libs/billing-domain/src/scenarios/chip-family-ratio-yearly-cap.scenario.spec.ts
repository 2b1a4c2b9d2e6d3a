// Ratio tiered by chip family (30 % domestic chips, 20 % others) with a per-tenant yearly cap.
import { aGrant, aLine, aProgramme, applyChecked, balanceAfter, skuFields } from '../testing/builders';

describe('scenario: ratio tiered by chip family with a per-tenant yearly cap', () => {
  const programme = aProgramme({
    id: 'domestic-chip-voucher',
    ratio: { tiers: [{ label: 'domestic chip', when: { domesticChip: true }, ratio: '0.30' }], fallback: '0.20' },
    eligibility: { resourceClasses: ['ai'] },
    caps: { perTenantPerYear: '50000.00' },
  });
  const grant = aGrant({
    programmeId: programme.id,
    faceValue: '200000.00',
    validFrom: '2025-01-01',
    validTo: '2026-12-31',
  });

  it('pays 30 % on Ascend, 20 % on H100, and stops at the yearly cap', () => {
    const r = applyChecked({
      asOf: '2025-03-05',
      tenant: { id: 't-1' },
      programmes: [programme],
      grants: [grant],
      lines: [
        aLine({ lineId: '2025-01/ascend', periodId: '2025-01', amount: '100000.00', ...skuFields('ascend') }),
        aLine({ lineId: '2025-01/h100', periodId: '2025-01', amount: '150000.00', ...skuFields('h100') }),
        aLine({ lineId: '2025-02/h100', periodId: '2025-02', amount: '10000.00', ...skuFields('h100') }),
      ],
    });
    expect(
      r.deductions.map((d) => [
        d.lineId,
        d.rule.ratioSource,
        d.ratio.toFixed(2),
        d.rounded.toFixed(2),
        d.amount.toFixed(2),
        d.boundBy,
      ]),
    ).toEqual([
      ['2025-01/ascend', 'domestic chip', '0.30', '30000.00', '30000.00', 'ratio'],
      ['2025-01/h100', 'fallback', '0.20', '30000.00', '20000.00', 'tenant_year_cap'],
    ]);
    expect(r.notes).toContainEqual(expect.objectContaining({ lineId: '2025-02/h100', reason: 'tenant_year_cap' }));
    expect(balanceAfter(r, grant.id)).toBe('150000.00');
    expect(r.state.tenantYear.map((e) => [e.year, e.used.toFixed(2)])).toEqual([[2025, '50000.00']]);
  });

  it('the cap is per calendar year of the usage: January 2026 starts again', () => {
    const r = applyChecked({
      asOf: '2026-02-05',
      tenant: { id: 't-1' },
      programmes: [programme],
      grants: [{ ...grant, balance: '150000.00' }],
      state: { tenantYear: [{ programmeId: programme.id, tenantId: 't-1', year: 2025, used: '50000.00' }] },
      lines: [aLine({ lineId: '2026-01/h100', periodId: '2026-01', amount: '300000.00', ...skuFields('h100') })],
    });
    expect(r.deductions.map((d) => [d.year, d.amount.toFixed(2), d.boundBy])).toEqual([
      [2026, '50000.00', 'tenant_year_cap'],
    ]);
  });

  it('tiers can name chip families instead of the domestic flag', () => {
    const byFamily = aProgramme({
      id: 'family-voucher',
      ratio: {
        tiers: [
          { label: 'ascend', when: { chipFamilies: ['ascend'] }, ratio: '0.35' },
          { label: 'ampere', when: { chipFamilies: ['nvidia-ampere'] }, ratio: '0.10' },
        ],
      },
    });
    const r = applyChecked({
      asOf: '2025-02-05',
      tenant: { id: 't-1' },
      programmes: [byFamily],
      grants: [aGrant({ programmeId: byFamily.id })],
      lines: [
        aLine({ lineId: 'ascend', amount: '1000.00', ...skuFields('ascend') }),
        aLine({ lineId: 'a800', amount: '1000.00', ...skuFields('a800') }),
        aLine({ lineId: 'h100', amount: '1000.00', ...skuFields('h100') }),
      ],
    });
    expect(r.deductions.map((d) => [d.lineId, d.amount.toFixed(2)])).toEqual([
      ['a800', '100.00'],
      ['ascend', '350.00'],
    ]);
    expect(r.notes).toContainEqual(expect.objectContaining({ lineId: 'h100', reason: 'no_ratio_for_line' }));
  });
});
