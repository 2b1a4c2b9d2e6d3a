// Ratio tiered by applicant: 60 % for start-ups, 50 % for everyone else.
import { aGrant, aLine, aProgramme, applyChecked } from '../testing/builders';

describe('scenario: start-up rate (60 % vs 50 %)', () => {
  const programme = aProgramme({
    id: 'model-voucher',
    ratio: { tiers: [{ label: 'start-up', when: { tenantFlags: ['startup'] }, ratio: '0.60' }], fallback: '0.50' },
  });

  const deductionFor = (tenant: { id: string; flags: string[] }) =>
    applyChecked({
      asOf: '2025-02-03',
      tenant,
      programmes: [programme],
      grants: [aGrant({ programmeId: programme.id, tenantId: tenant.id, faceValue: '100000.00' })],
      lines: [aLine({ lineId: 'jan', amount: '12345.67' })],
    }).deductions;

  it('a start-up gets 60 %', () => {
    const [d] = deductionFor({ id: 't-startup', flags: ['startup', 'in_province'] });
    expect([d.rule.ratioSource, d.raw.toFixed(), d.amount.toFixed(2)]).toEqual(['start-up', '7407.402', '7407.40']);
  });

  it('an established firm gets 50 %', () => {
    const [d] = deductionFor({ id: 't-established', flags: ['in_province'] });
    expect([d.rule.ratioSource, d.raw.toFixed(), d.amount.toFixed(2)]).toEqual(['fallback', '6172.835', '6172.84']);
  });

  it('a programme can require or exclude applicant flags', () => {
    const restricted = aProgramme({
      id: 'restricted',
      eligibility: {
        resourceClasses: ['ai'],
        requiredTenantFlags: ['in_province'],
        excludedTenantFlags: ['bad_credit'],
      },
    });
    const run = (flags: string[]) =>
      applyChecked({
        asOf: '2025-02-03',
        tenant: { id: 't-1', flags },
        programmes: [restricted],
        grants: [aGrant({ programmeId: restricted.id })],
        lines: [aLine({ lineId: 'jan', amount: '1000.00' })],
      });
    expect(run(['in_province']).deductions.map((d) => d.amount.toFixed(2))).toEqual(['300.00']);
    expect(run([]).notes).toContainEqual(
      expect.objectContaining({ reason: 'tenant_not_eligible', detail: 'tenant lacks in_province' }),
    );
    expect(run(['in_province', 'bad_credit']).deductions).toEqual([]);
  });
});
