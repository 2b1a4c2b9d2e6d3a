import fc from 'fast-check';
import { splitProRata } from '../quantity/pro-rata.splitter';
import { fromMicros, sumQuantities, toMicros } from '../quantity/quantity.codec';
import { sliceByHour } from './hour.slicer';

const t = (iso: string): number => Date.parse(iso);

describe('splitProRata', () => {
  it('floors every part but the last, which takes the remainder', () => {
    expect(splitProRata('1', [1, 1, 1])).toEqual(['0.333333', '0.333333', '0.333334']);
    expect(splitProRata('10', [0, 0])).toEqual(['0', '10']);
    expect(() => splitProRata('1', [])).toThrow(RangeError);
    expect(() => splitProRata('1', [1.5])).toThrow(RangeError);
  });

  it('property: the same parts as exact bigint arithmetic, for small and huge quantities and weights', () => {
    const reference = (quantity: string, weights: number[]): string[] => {
      const total = toMicros(quantity);
      const w = weights.map(BigInt);
      const sum = w.reduce((a, b) => a + b, 0n);
      const parts = w.slice(0, -1).map((x) => (sum === 0n ? 0n : (total * x) / sum));
      return [...parts, total - parts.reduce((a, b) => a + b, 0n)].map((p) => fromMicros(p));
    };
    const quantity = fc
      .tuple(
        fc.oneof(fc.bigInt({ min: 0n, max: 999_999_999n }), fc.bigInt({ min: 0n, max: 10n ** 30n })),
        fc.integer({ min: 0, max: 999_999 }),
      )
      .map(([i, f]) => (f === 0 ? String(i) : `${i}.${String(f).padStart(6, '0').replace(/0+$/, '')}`));
    const weight = fc.oneof(
      fc.integer({ min: 0, max: 3_600_000 }),
      fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    );
    fc.assert(
      fc.property(quantity, fc.array(weight, { minLength: 1, maxLength: 12 }), (q, weights) => {
        expect(splitProRata(q, weights)).toEqual(reference(q, weights));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('sliceByHour', () => {
  it('keeps a record inside one hour whole', () => {
    const s = sliceByHour({
      startedAt: t('2025-01-31T10:05:00Z'),
      endedAt: t('2025-01-31T11:00:00Z'),
      quantity: '28800',
    });
    expect(s).toEqual([
      {
        hourStart: t('2025-01-31T10:00:00Z'),
        startedAt: t('2025-01-31T10:05:00Z'),
        endedAt: t('2025-01-31T11:00:00Z'),
        quantity: '28800',
      },
    ]);
  });

  it('puts a zero-length record in its start hour', () => {
    const at = t('2025-01-31T16:00:00Z');
    expect(sliceByHour({ startedAt: at, endedAt: at, quantity: '1' })).toEqual([
      { hourStart: at, startedAt: at, endedAt: at, quantity: '1' },
    ]);
  });

  it('splits a job across the Asia/Shanghai month boundary (2025-01-31T16:00Z) pro rata', () => {
    // 8 GPUs from 15:30 to 17:45:30 UTC: 30 min in January (Shanghai), 1 h 45 min 30 s in February.
    const s = sliceByHour({
      startedAt: t('2025-01-31T15:30:00Z'),
      endedAt: t('2025-01-31T17:45:30Z'),
      quantity: '65040',
    });
    expect(s.map((x) => [new Date(x.hourStart).toISOString(), x.quantity])).toEqual([
      ['2025-01-31T15:00:00.000Z', '14400'],
      ['2025-01-31T16:00:00.000Z', '28800'],
      ['2025-01-31T17:00:00.000Z', '21840'],
    ]);
  });

  it('crosses UTC midnight with an inexact share and still sums exactly', () => {
    const s = sliceByHour({
      startedAt: t('2025-01-31T23:59:59.999Z'),
      endedAt: t('2025-02-01T00:00:00.002Z'),
      quantity: '0.000001',
    });
    expect(s.map((x) => x.quantity)).toEqual(['0', '0.000001']);
    expect(s.map((x) => x.endedAt - x.startedAt)).toEqual([1, 2]);
  });

  it('refuses a record that ends before it starts', () => {
    expect(() => sliceByHour({ startedAt: 2, endedAt: 1, quantity: '1' })).toThrow(RangeError);
  });

  it('property: contiguous hour slices summing exactly to the quantity', () => {
    const start = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2026, 0, 1) });
    const duration = fc.oneof(fc.integer({ min: 0, max: 3 * 3_600_000 }), fc.integer({ min: 0, max: 31 * 86_400_000 }));
    const quantity = fc
      .bigInt({ min: 1n, max: 999_999_999_999_999_999n })
      .map((m) => `${m / 1_000_000n}.${(m % 1_000_000n).toString().padStart(6, '0')}`);
    fc.assert(
      fc.property(start, duration, quantity, (s, d, q) => {
        const slices = sliceByHour({ startedAt: s, endedAt: s + d, quantity: q });
        if (sumQuantities(slices.map((x) => x.quantity)) !== sumQuantities([q])) return false;
        if (slices[0].startedAt !== s || slices[slices.length - 1].endedAt !== s + d) return false;
        return slices.every((x, i) => {
          const inHour =
            x.hourStart % 3_600_000 === 0 && x.startedAt >= x.hourStart && x.endedAt <= x.hourStart + 3_600_000;
          const contiguous =
            i === 0 || (x.startedAt === slices[i - 1].endedAt && x.hourStart === slices[i - 1].hourStart + 3_600_000);
          const nonEmpty = d === 0 || x.endedAt > x.startedAt;
          return inHour && contiguous && nonEmpty && toMicros(x.quantity) >= 0n;
        });
      }),
      { numRuns: 500 },
    );
  });

  it('property: each slice is within one micro-unit per slice of its exact time share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 * 86_400_000 }),
        fc.integer({ min: 1, max: 5 * 86_400_000 }),
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        (s, d, m) => {
          const q = `${m}`;
          const slices = sliceByHour({ startedAt: s, endedAt: s + d, quantity: q });
          const total = toMicros(q);
          return slices.every((x) => {
            const exactScaled = total * BigInt(x.endedAt - x.startedAt); // × 1/d
            const diff = toMicros(x.quantity) * BigInt(d) - exactScaled;
            return diff > -BigInt(d) * BigInt(slices.length) && diff < BigInt(d) * BigInt(slices.length);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
