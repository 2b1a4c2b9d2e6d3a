import { chDateTime, chDateTime64 } from './clickhouse-format';

describe('chDateTime64', () => {
  it('formats like toISOString, with a space and without the Z', () => {
    expect(chDateTime64(Date.UTC(2026, 10, 1, 15, 30, 0, 7))).toBe('2026-11-01 15:30:00.007');
    expect(chDateTime64(0)).toBe('1970-01-01 00:00:00.000');
    expect(chDateTime64(Date.UTC(2024, 1, 29, 23, 59, 59, 999))).toBe('2024-02-29 23:59:59.999');
    expect(chDateTime(Date.UTC(2026, 10, 1, 15, 0, 0, 0))).toBe('2026-11-01 15:00:00');
  });
});
