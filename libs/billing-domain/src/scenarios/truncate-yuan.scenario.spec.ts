// Rounding is the programme's rule: to 分 half-up, or truncated to whole 元. Order: round, then cap.
import { aGrant, aLine, aProgramme, applyChecked } from '../testing/builders';

describe('scenario: truncation to whole 元', () => {
  const run = (rounding: 'TRUNCATE_YUAN' | 'HALF_UP_FEN', amount: string, balance = '100000.00') => {
    const programme = aProgramme({ ratio: '0.30', rounding });
    return applyChecked({
      asOf: '2025-02-03',
      tenant: { id: 't-1' },
      programmes: [programme],
      grants: [aGrant({ faceValue: '100000.00', balance })],
      lines: [aLine({ lineId: 'jan', amount })],
    });
  };

  it('30 % of 12,345.67 = 3,703.701 → 3,703.00 truncated, 3,703.70 half-up to 分', () => {
    const t = run('TRUNCATE_YUAN', '12345.67').deductions[0];
    expect([t.raw.toFixed(), t.rounded.toFixed(2), t.amount.toFixed(2)]).toEqual(['3703.701', '3703.00', '3703.00']);
    expect(run('HALF_UP_FEN', '12345.67').deductions[0].amount.toFixed(2)).toBe('3703.70');
  });

  it('caps apply after rounding: a balance of 3,702.50 binds at 3,702.50 (a cap is not re-truncated)', () => {
    const d = run('TRUNCATE_YUAN', '12345.67', '3703.50').deductions[0];
    expect([d.rounded.toFixed(2), d.amount.toFixed(2), d.boundBy]).toEqual(['3703.00', '3703.00', 'ratio']);
    const tight = run('TRUNCATE_YUAN', '12345.67', '3702.50').deductions[0];
    expect([tight.rounded.toFixed(2), tight.amount.toFixed(2), tight.boundBy]).toEqual([
      '3703.00',
      '3702.50',
      'grant_balance',
    ]);
  });

  it('a raw amount under 1 元 truncates to nothing', () => {
    const r = run('TRUNCATE_YUAN', '3.00');
    expect(r.deductions).toEqual([]);
    expect(r.notes).toContainEqual(
      expect.objectContaining({ reason: 'zero_after_rounding', detail: '0.9 rounds to 0 by TRUNCATE_YUAN' }),
    );
  });
});
