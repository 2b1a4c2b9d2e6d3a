import { formatTime, periodOf, recentPeriods } from './time';

describe('times and periods in Asia/Shanghai', () => {
  it('shows an instant in Shanghai time whatever the machine zone', () => {
    expect(formatTime('2026-12-05T19:32:39.666Z')).toBe('2026-12-06 03:32');
    expect(formatTime(null)).toBe('—');
  });

  it('puts the last evening of a month in UTC into the next period in Shanghai', () => {
    expect(periodOf(new Date('2026-11-30T15:59:59Z'))).toBe('2026-11');
    expect(periodOf(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12');
  });

  it('lists recent periods across a year end', () => {
    expect(recentPeriods('2026-02', 4)).toEqual(['2026-02', '2026-01', '2025-12', '2025-11']);
  });
});
