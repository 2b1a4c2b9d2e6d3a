import { daysToDate } from './usage-trend.service';

describe('daysToDate (the Shanghai days of a period up to now)', () => {
  it('counts today in Shanghai: 16:00 UTC starts the next day', () => {
    expect(daysToDate('2026-10', new Date('2026-10-05T15:59:59Z'))).toEqual([
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
    ]);
    expect(daysToDate('2026-10', new Date('2026-10-05T16:00:00Z')).at(-1)).toBe('2026-10-06');
  });

  it('gives a past period all its days and a future one none', () => {
    const past = daysToDate('2026-02', new Date('2026-12-06T00:00:00Z'));
    expect([past.length, past[0], past.at(-1)]).toEqual([28, '2026-02-01', '2026-02-28']);
    expect(daysToDate('2027-01', new Date('2026-12-31T15:59:59Z'))).toEqual([]);
    expect(daysToDate('2027-01', new Date('2026-12-31T16:00:00Z'))).toEqual(['2027-01-01']);
  });
});
