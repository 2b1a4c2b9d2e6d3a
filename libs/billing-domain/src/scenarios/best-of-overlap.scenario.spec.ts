// 从优不重复: where two programmes cover the same line, the tenant gets the better one, never both.
import { aGrant, aLine, aProgramme, applyChecked, balanceAfter } from '../testing/builders';

describe('scenario: two overlapping programmes under 从优不重复', () => {
  const province = aProgramme({ id: 'province-voucher', bureau: 'province', ratio: '0.30', priority: 10 });
  const city = aProgramme({ id: 'city-voucher', bureau: 'city', ratio: '0.40', priority: 20 });
  const grants = (cityBalance = '100000.00') => [
    aGrant({ id: 'g-province', programmeId: province.id, faceValue: '100000.00' }),
    aGrant({ id: 'g-city', programmeId: city.id, faceValue: '100000.00', balance: cityBalance }),
  ];
  const run = (cityBalance?: string, programmes = [province, city]) =>
    applyChecked({
      asOf: '2025-02-03',
      tenant: { id: 't-1' },
      programmes,
      grants: grants(cityBalance),
      lines: [aLine({ lineId: 'jan', amount: '50000.00' })],
    });

  it('takes the better programme (40 %), not 30 % + 40 %', () => {
    const r = run();
    expect(r.deductions.map((d) => [d.programmeId, d.amount.toFixed(2)])).toEqual([['city-voucher', '20000.00']]);
    expect(r.notes).toContainEqual(
      expect.objectContaining({ programmeId: 'province-voucher', reason: 'lost_best_of' }),
    );
    expect(balanceAfter(r, 'g-province')).toBe('100000.00');
  });

  it('"better" is what the tenant actually gets: a nearly spent grant loses to a lower ratio', () => {
    const r = run('5000.00');
    expect(r.deductions.map((d) => [d.programmeId, d.amount.toFixed(2)])).toEqual([['province-voucher', '15000.00']]);
    expect(balanceAfter(r, 'g-city')).toBe('5000.00');
  });

  it('a tie goes to the lower priority number', () => {
    const sameRate = aProgramme({ id: 'city-voucher', bureau: 'city', ratio: '0.30', priority: 20 });
    const r = run(undefined, [sameRate, province]);
    expect(r.deductions.map((d) => d.programmeId)).toEqual(['province-voucher']);
  });
});
