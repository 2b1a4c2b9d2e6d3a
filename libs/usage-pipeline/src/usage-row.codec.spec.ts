import fc from 'fast-check';
import { sliceByHour, type UsageRecord } from '@park/usage-domain';
import { encodeUsageRow, USAGE_ROW_COLUMNS } from './usage-row.codec';

const field = (line: string, column: (typeof USAGE_ROW_COLUMNS)[number]) =>
  line.split('\t')[USAGE_ROW_COLUMNS.indexOf(column)];

describe('usage rows', () => {
  it('writes instants as Unix seconds with milliseconds', () => {
    const at = Date.UTC(2026, 10, 1, 15, 30, 0, 7);
    const line = encodeUsageRow({
      eventId: 'e',
      clusterId: 'c',
      tenantId: 't',
      jobId: 'j',
      jobType: 'render',
      sku: 's',
      quantity: '1',
      deviceCount: 1,
      startedAt: at,
      endedAt: at + 993,
      attributes: {},
    });
    expect([field(line, 'started_at'), field(line, 'ended_at'), field(line, 'slice_quantities')]).toEqual([
      '1793547000.007',
      '1793547001.000',
      '[1]',
    ]);
  });

  it(
    'property: the slice quantities are exactly the domain hour slices (sliceByHour), one per hour from the start ' +
      'hour',
    () => {
      const start = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) });
      const duration = fc.oneof(
        fc.constant(0),
        fc.integer({ min: 0, max: 3 * 3_600_000 }),
        fc.integer({ min: 0, max: 31 * 86_400_000 }),
      );
      const quantity = fc
        .tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 999_999 }))
        .map(([i, f]) => (f === 0 ? String(i) : `${i}.${String(f).padStart(6, '0').replace(/0+$/, '')}`));
      fc.assert(
        fc.property(start, duration, quantity, (startedAt, d, q) => {
          const record: UsageRecord = {
            eventId: 'e',
            clusterId: 'c',
            tenantId: 't',
            jobId: 'j',
            jobType: 'training',
            sku: 's',
            quantity: q,
            deviceCount: 1,
            startedAt,
            endedAt: startedAt + d,
            attributes: {},
          };
          const slices = sliceByHour(record);
          const line = encodeUsageRow(record);
          // ClickHouse derives slice_hours from this (migration 0004): consecutive hours from the start hour
          expect(slices.map((s) => s.hourStart)).toEqual(
            slices.map((_, i) => Math.floor(startedAt / 3_600_000) * 3_600_000 + i * 3_600_000),
          );
          expect(field(line, 'slice_quantities')).toBe(`[${slices.map((s) => s.quantity).join(',')}]`);
        }),
        { numRuns: 500 },
      );
    },
  );
});
