import fc from 'fast-check';
import { floorToHour, formatTimestamp, parseTimestamp, utcDay } from './timestamp.codec';

describe('timestamps', () => {
  it.each([
    ['2025-01-31T16:00:00Z', Date.UTC(2025, 0, 31, 16)],
    ['2025-01-31T16:00:00+00:00', Date.UTC(2025, 0, 31, 16)],
    ['2025-01-31T16:00:00.5Z', Date.UTC(2025, 0, 31, 16, 0, 0, 500)],
    ['2025-01-31T16:00:00.123456789Z', Date.UTC(2025, 0, 31, 16, 0, 0, 123)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
  ])('parses %s', (text, ms) => {
    expect(parseTimestamp(text)).toEqual({ ok: true, epochMs: ms });
  });

  it.each([
    '2025-01-31 16:00:00Z',
    '2025-01-31T16:00:00',
    '2025-02-01T00:00:00+08:00',
    '2025-02-29T00:00:00Z',
    '2025-04-31T00:00:00Z',
    '2025-01-31T16:00:60Z',
    '2025-01-31T25:00:00Z',
    '1969-12-31T23:59:59Z',
    '2025-01-31T16:00:00.1234567890Z',
    `2025-01-31T16:00:00.${'1'.repeat(40)}Z`,
  ])('refuses %s', (text) => {
    expect(parseTimestamp(text).ok).toBe(false);
  });

  it('property: the common forms (…Z, …sssZ) parse exactly as the general RFC 3339 path does', () => {
    // "+00:00" instead of "Z" never takes the common-form path: the two must agree on every input
    const instant = fc.integer({ min: Date.UTC(1960, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) });
    const mutation = fc.option(fc.tuple(fc.nat(23), fc.constantFrom('0', '9', '3', 'x', '-', ':', 'T', ' ', '.')), {
      nil: undefined,
    });
    fc.assert(
      fc.property(instant, fc.boolean(), mutation, (t, withMs, change) => {
        let text = new Date(t).toISOString();
        if (!withMs) text = `${text.slice(0, 19)}Z`;
        if (change && change[0] < text.length - 1)
          text = text.slice(0, change[0]) + change[1] + text.slice(change[0] + 1);
        const general = parseTimestamp(`${text.slice(0, -1)}+00:00`);
        const common = parseTimestamp(text);
        expect(common.ok).toBe(general.ok);
        if (common.ok && general.ok) expect(common.epochMs).toBe(general.epochMs);
      }),
      { numRuns: 5000 },
    );
  });

  it('formats and floors', () => {
    const t = Date.UTC(2025, 0, 31, 16, 59, 59, 999);
    expect(formatTimestamp(t)).toBe('2025-01-31T16:59:59.999Z');
    expect(utcDay(t)).toBe('2025-01-31');
    expect(floorToHour(t)).toBe(Date.UTC(2025, 0, 31, 16));
  });
});
