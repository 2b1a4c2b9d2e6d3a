// A grant expiring mid-period covers only the eligible amount for the days it was valid.
import { aGrant, aLine, aProgramme, applyChecked } from '../testing/builders';

describe('scenario: a grant expiring mid-period, prorated by days', () => {
  const prorated = aProgramme({ id: 'prorated', ratio: '0.50', dayProration: true });
  const grant = aGrant({
    programmeId: prorated.id,
    faceValue: '500000.00',
    validFrom: '2025-01-11',
    validTo: '2025-03-10',
  });
  const lines = [
    aLine({ lineId: '2025-01', periodId: '2025-01', amount: '310000.00' }),
    aLine({ lineId: '2025-02', periodId: '2025-02', amount: '100000.00' }),
    aLine({ lineId: '2025-03', periodId: '2025-03', amount: '310000.00' }),
    aLine({ lineId: '2025-04', periodId: '2025-04', amount: '310000.00' }),
  ];

  it('pays 21/31 of January, all of February, 10/31 of March, nothing in April', () => {
    const r = applyChecked({
      asOf: '2025-05-05',
      tenant: { id: 't-1' },
      programmes: [prorated],
      grants: [grant],
      lines,
    });
    expect(
      r.deductions.map((d) => [
        d.lineId,
        `${d.validDays}/${d.periodDays}`,
        d.proratedEligible.toFixed(2),
        d.amount.toFixed(2),
      ]),
    ).toEqual([
      ['2025-01', '21/31', '210000.00', '105000.00'],
      ['2025-02', '28/28', '100000.00', '50000.00'],
      ['2025-03', '10/31', '100000.00', '50000.00'],
    ]);
    expect(r.notes).toContainEqual(expect.objectContaining({ lineId: '2025-04', reason: 'grant_not_valid_in_period' }));
  });

  it('rounds once, after proration (11/31 of 1,000.00 at 50 % = 177.419… → 177.42)', () => {
    const g = aGrant({ programmeId: prorated.id, validFrom: '2025-01-01', validTo: '2025-01-11' });
    const r = applyChecked({
      asOf: '2025-02-05',
      tenant: { id: 't-1' },
      programmes: [prorated],
      grants: [g],
      lines: [aLine({ lineId: 'jan', amount: '1000.00' })],
    });
    expect([r.deductions[0].raw.toFixed(6), r.deductions[0].amount.toFixed(2)]).toEqual(['177.419355', '177.42']);
  });

  it('without day proration the same grant covers the whole overlapping month', () => {
    const whole = aProgramme({ id: 'whole', ratio: '0.50' });
    const r = applyChecked({
      asOf: '2025-05-05',
      tenant: { id: 't-1' },
      programmes: [whole],
      grants: [{ ...grant, programmeId: whole.id }],
      lines: [lines[2]],
    });
    expect(r.deductions.map((d) => [d.validDays, d.amount.toFixed(2)])).toEqual([[null, '155000.00']]);
  });

  it('a grant issued after the as-of date is not used by that statement', () => {
    const late = aGrant({ programmeId: prorated.id, validFrom: '2025-02-10', validTo: '2025-12-31' });
    const r = applyChecked({
      asOf: '2025-02-05',
      tenant: { id: 't-1' },
      programmes: [prorated],
      grants: [late],
      lines: [lines[0]],
    });
    expect(r.deductions).toEqual([]);
    expect(r.notes).toContainEqual(expect.objectContaining({ reason: 'grant_not_yet_valid' }));
  });
});
