// An explicit stacking group: city 60 % + district 50 % may stack, together at most 100 % of the line.
import { aGrant, aLine, aProgramme, applyChecked } from '../testing/builders';

describe('scenario: explicit stacking group capped at 100 %', () => {
  const city = aProgramme({ id: 'city', bureau: 'city', ratio: '0.60', priority: 1, stackingGroup: 'city+district' });
  const district = aProgramme({
    id: 'district',
    bureau: 'district',
    ratio: '0.50',
    priority: 2,
    stackingGroup: 'city+district',
  });
  const province = aProgramme({ id: 'province', bureau: 'province', ratio: '0.30', priority: 0 });
  const grants = [
    aGrant({ id: 'g-city', programmeId: 'city' }),
    aGrant({ id: 'g-district', programmeId: 'district' }),
    aGrant({ id: 'g-province', programmeId: 'province' }),
  ];
  const run = (ceiling: string) =>
    applyChecked({
      asOf: '2025-02-03',
      tenant: { id: 't-1' },
      programmes: [province, city, district],
      stackingGroups: [{ id: 'city+district', ceiling }],
      grants,
      lines: [aLine({ lineId: 'jan', amount: '10000.00' })],
    });

  it('stacks city then district up to 100 % of the line; the province voucher loses 从优不重复', () => {
    const r = run('1.00');
    expect(r.deductions.map((d) => [d.programmeId, d.target.toFixed(2), d.amount.toFixed(2), d.boundBy])).toEqual([
      ['city', '6000.00', '6000.00', 'ratio'],
      ['district', '5000.00', '4000.00', 'stacking_ceiling'],
    ]);
    expect(r.lines[0].net.toFixed(2)).toBe('0.00');
    expect(r.notes).toContainEqual(expect.objectContaining({ programmeId: 'province', reason: 'lost_best_of' }));
  });

  it('honours a lower ceiling (80 %)', () => {
    const r = run('0.80');
    expect(r.deductions.map((d) => [d.programmeId, d.amount.toFixed(2)])).toEqual([
      ['city', '6000.00'],
      ['district', '2000.00'],
    ]);
  });
});
