import { Decimal } from '@park/money';
import { InvariantViolationError } from '../errors/domain.errors';
import { aGrant, aLine, aProgramme, applyChecked } from '../testing/builders';
import { buildGrant } from './grant';
import { assertInvariants, checkInvariants } from './invariants';

describe('checkInvariants', () => {
  const programme = aProgramme({ caps: { perTenantPerYear: '100.00' }, pool: { yearlyBudget: '150.00' } });
  const line = aLine({ lineId: 'jan', amount: '1000.00' });
  const grant = buildGrant(aGrant({ faceValue: '500.00' }));

  it('passes a real result', () => {
    const r = applyChecked({
      asOf: '2025-02-03',
      tenant: { id: 't-1' },
      programmes: [programme],
      grants: [grant],
      lines: [line],
    });
    expect(
      checkInvariants({
        lines: [line],
        grants: [grant],
        programmes: [programme],
        deductions: r.deductions,
        state: r.state,
      }),
    ).toEqual([]);
  });

  it('finds every violation in a doctored result', () => {
    const r = applyChecked({
      asOf: '2025-02-03',
      tenant: { id: 't-1' },
      programmes: [programme],
      grants: [grant],
      lines: [line],
    });
    const [d] = r.deductions;
    const big = { ...d, amount: new Decimal('2000.00') };
    const other = { ...d, deductionId: 'x', programmeId: 'other', amount: new Decimal('-1') };
    const violations = checkInvariants({
      lines: [line],
      grants: [{ ...grant, balance: new Decimal('-1') }],
      programmes: [programme],
      deductions: [big, other],
      state: {
        tenantYear: [{ programmeId: programme.id, tenantId: 't-1', year: 2025, used: new Decimal('100.01') }],
        tenantCumulative: [],
        poolYear: [{ programmeId: programme.id, year: 2025, used: new Decimal('150.01') }],
      },
    });
    expect(violations.map((v) => v.invariant).sort()).toEqual(
      [
        'best_of_single_programme',
        'deduction_non_negative',
        'funding_sums_to_deduction',
        'funding_sums_to_deduction',
        'grant_balance_non_negative',
        'grant_redemptions_within_balance',
        'line_deductions_within_amount',
        'programme_within_pool',
        'tenant_year_within_cap',
      ].sort(),
    );
    expect(() =>
      assertInvariants({ lines: [line], grants: [grant], programmes: [programme], deductions: [big], state: r.state }),
    ).toThrow(InvariantViolationError);
  });
});
