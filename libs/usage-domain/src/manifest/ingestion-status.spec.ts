import { boundedDifferences, dayProblem, MAX_STATUS_DAYS, statusWindow } from './ingestion-status';
import { validateManifest } from './daily-manifest.validator';

const today = '2026-11-20';

describe('ingestion status window (one rule for HTTPS and gRPC)', () => {
  it('defaults to the 7 days ending today, or ending with to_day', () => {
    expect(statusWindow({ today })).toEqual({ ok: true, fromDay: '2026-11-14', toDay: today });
    expect(statusWindow({ today, toDay: '2026-11-03', fromDay: '' })).toEqual({
      ok: true,
      fromDay: '2026-10-28',
      toDay: '2026-11-03',
    });
    expect(statusWindow({ today, toDay: '1970-01-03' })).toEqual({
      ok: true,
      fromDay: '1970-01-01',
      toDay: '1970-01-03',
    });
  });

  it('checks a day before computing anything from it', () => {
    for (const toDay of [
      '2026-13-45',
      'yesterday',
      '2026-02-30',
      '9999-12-31',
      '1969-12-31',
      ['2026-11-01', '2026-11-02'],
      20261101,
    ]) {
      expect(statusWindow({ today, toDay })).toMatchObject({ ok: false, code: 'BAD_DAY', field: 'to_day' });
    }
    expect(statusWindow({ today, fromDay: '2026-11-31' })).toMatchObject({ ok: false, field: 'from_day' });
  });

  it(`refuses from > to and more than ${MAX_STATUS_DAYS} days`, () => {
    expect(statusWindow({ today, fromDay: '2026-11-05', toDay: '2026-11-04' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('after'),
    });
    expect(statusWindow({ today, fromDay: '2026-10-01', toDay: '2026-10-31' })).toMatchObject({ ok: true });
    expect(statusWindow({ today, fromDay: '2026-10-01', toDay: '2026-11-01' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('at most 31'),
    });
    expect(statusWindow({ today, fromDay: '1970-01-01', toDay: '2149-06-06' })).toMatchObject({ ok: false });
  });

  it('lists at most the first differences and counts the rest', () => {
    expect(boundedDifferences([1, 2, 3], 2)).toEqual({ listed: [1, 2], omitted: 1 });
    expect(boundedDifferences([1], 2)).toEqual({ listed: [1], omitted: 0 });
  });
});

describe('manifest days the park cannot store', () => {
  it('are refused with BAD_DAY naming the range, not wrapped by ClickHouse', () => {
    expect(dayProblem('2149-06-06')).toBeUndefined();
    expect(dayProblem('2149-06-07')).toMatch(/1970-01-01 and 2149-06-06/);
    const v = validateManifest(
      { cluster_id: 'cl-1', day: '9999-12-31', record_count: 0, lines: [] },
      { clusterId: 'cl-1' },
    );
    expect(v).toMatchObject({ ok: false, reason: 'BAD_DAY', message: expect.stringContaining('2149-06-06') });
  });
});
