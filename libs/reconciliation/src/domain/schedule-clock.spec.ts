import { graceEnds, lastWholeUtcDay, missingWatermarkFinding, previousPeriod, watermarkDay } from './schedule-clock';

describe('the schedules clock (Asia/Shanghai periods, UTC days)', () => {
  it('reconciles the last whole UTC day: at 09:30 in Shanghai (01:30 UTC) that is yesterday', () => {
    expect(lastWholeUtcDay(new Date('2026-12-06T09:30:00+08:00'))).toBe('2026-12-05');
    // 07:59 in Shanghai is still the UTC day before: its day before is not over in UTC
    expect(lastWholeUtcDay(new Date('2026-12-06T07:59:00+08:00'))).toBe('2026-12-04');
    expect(lastWholeUtcDay(new Date('2027-01-01T01:30:00Z'))).toBe('2026-12-31');
  });

  it('closes the previous Shanghai month, whose last UTC day is the watermark', () => {
    // 2026-09-01 03:00 in Shanghai is still 2026-08-31 in UTC, but the period 2026-08 is over
    expect(previousPeriod(new Date('2026-09-01T03:00:00+08:00'))).toBe('2026-08');
    expect(previousPeriod(new Date('2026-08-31T23:59:00+08:00'))).toBe('2026-07');
    expect(previousPeriod(new Date('2027-01-02T00:00:00+08:00'))).toBe('2026-12');
    expect(watermarkDay('2026-08')).toBe('2026-08-31');
    expect(watermarkDay('2026-02')).toBe('2026-02-28');
  });

  it('ends the grace N days after the period ends in Shanghai', () => {
    expect(graceEnds('2026-08', 3).toISOString()).toBe('2026-09-03T16:00:00.000Z');
    expect(graceEnds('2026-08', 0).toISOString()).toBe('2026-08-31T16:00:00.000Z');
  });

  it('names the missing clusters with both numbers', () => {
    const finding = missingWatermarkFinding({
      periodId: '2026-08',
      activeClusters: ['a', 'b', 'c'],
      missingClusters: ['b', 'c'],
      graceDays: 3,
    });
    expect(finding).toMatchObject({
      check: 'watermark_missing',
      state: 'missing',
      expected: '3',
      observed: '1',
      difference: '-2',
      subject: { periodId: '2026-08', day: '2026-08-31', clusterIds: ['b', 'c'] },
    });
    expect(finding.message).toContain('2 of 3 active clusters: b, c');
  });
});
