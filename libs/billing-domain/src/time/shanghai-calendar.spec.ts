import {
  daysInPeriod,
  isLocalDate,
  isPeriodId,
  localDateOf,
  nextPeriod,
  overlapDays,
  periodBounds,
  periodOf,
  previousPeriod,
  periodLastDay,
  periodYear,
} from './shanghai-calendar';
import { periodCuts, hourCuts } from './split-pro-rata';

describe('Asia/Shanghai billing periods', () => {
  it('a period is a Shanghai calendar month, bounded by UTC instants at 16:00Z', () => {
    const { start, end } = periodBounds('2025-01');
    expect([start.toISOString(), end.toISOString()]).toEqual(['2024-12-31T16:00:00.000Z', '2025-01-31T16:00:00.000Z']);
  });

  it('periodOf respects the +8 h offset at the boundary', () => {
    expect(periodOf(new Date('2025-01-31T15:59:59.999Z'))).toBe('2025-01');
    expect(periodOf(new Date('2025-01-31T16:00:00.000Z'))).toBe('2025-02');
    expect(periodOf(new Date('2024-12-31T16:00:00.000Z'))).toBe('2025-01');
    expect(localDateOf(new Date('2025-03-09T20:00:00Z'))).toBe('2025-03-10');
  });

  it('steps across years and knows month lengths, leap years included', () => {
    expect(nextPeriod('2025-12')).toBe('2026-01');
    expect(previousPeriod('2025-01')).toBe('2024-12');
    expect([daysInPeriod('2024-02'), daysInPeriod('2025-02'), daysInPeriod('2025-04')]).toEqual([29, 28, 30]);
    expect(periodLastDay('2024-02')).toBe('2024-02-29');
    expect(periodYear('2026-03')).toBe(2026);
  });

  it('validates ids and dates', () => {
    expect(['2025-01', '2025-12'].every(isPeriodId)).toBe(true);
    expect(['2025-13', '2025-1', '25-01', 202501].some(isPeriodId)).toBe(false);
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(['2025-02-29', '2025-02-30', '2025-1-01', ''].some(isLocalDate)).toBe(false);
  });

  it('counts the days of a validity window inside a period (both ends inclusive)', () => {
    expect(overlapDays('2025-03', '2025-01-11', '2025-03-10')).toBe(10);
    expect(overlapDays('2025-01', '2025-01-11', '2025-03-10')).toBe(21);
    expect(overlapDays('2025-04', '2025-01-11', '2025-03-10')).toBe(0);
    expect(overlapDays('2025-03', '2025-03-31', '2025-03-31')).toBe(1);
  });

  it('finds period and hour cut points inside an interval', () => {
    const cuts = periodCuts(new Date('2025-01-15T00:00:00Z'), new Date('2025-04-01T00:00:00Z'));
    expect(cuts.map((c) => c.toISOString())).toEqual([
      '2025-01-31T16:00:00.000Z',
      '2025-02-28T16:00:00.000Z',
      '2025-03-31T16:00:00.000Z',
    ]);
    expect(periodCuts(new Date('2025-01-15T00:00:00Z'), new Date('2025-01-31T16:00:00Z'))).toEqual([]);
    expect(
      hourCuts(new Date('2025-01-01T10:20:00Z'), new Date('2025-01-01T12:00:00Z')).map((c) => c.toISOString()),
    ).toEqual(['2025-01-01T11:00:00.000Z']);
  });
});
