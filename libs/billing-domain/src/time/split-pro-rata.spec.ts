import { Decimal } from '@park/money';
import { splitProRata, toHourBuckets } from './split-pro-rata';

const at = (iso: string) => new Date(iso);

describe('splitProRata', () => {
  it('splits by time at the cut points; cuts outside the interval are ignored', () => {
    const parts = splitProRata({
      start: at('2025-01-01T00:00:00Z'),
      end: at('2025-01-01T04:00:00Z'),
      quantity: new Decimal('100'),
      cuts: [
        at('2025-01-01T01:00:00Z'),
        at('2024-12-31T00:00:00Z'),
        at('2025-01-01T01:00:00Z'),
        at('2025-01-01T04:00:00Z'),
      ],
    });
    expect(parts.map((p) => [p.start.toISOString(), p.end.toISOString(), p.quantity.toFixed()])).toEqual([
      ['2025-01-01T00:00:00.000Z', '2025-01-01T01:00:00.000Z', '25'],
      ['2025-01-01T01:00:00.000Z', '2025-01-01T04:00:00.000Z', '75'],
    ]);
  });

  it('gives the remainder to the last part so thirds still sum to the whole', () => {
    const parts = splitProRata({
      start: at('2025-01-01T00:00:00Z'),
      end: at('2025-01-01T03:00:00Z'),
      quantity: new Decimal('1'),
      cuts: [at('2025-01-01T01:00:00Z'), at('2025-01-01T02:00:00Z')],
      scale: 4,
    });
    expect(parts.map((p) => p.quantity.toFixed())).toEqual(['0.3333', '0.3333', '0.3334']);
  });

  it('keeps an instantaneous record whole and refuses an interval that ends before it starts', () => {
    expect(
      splitProRata({
        start: at('2025-01-01T00:00:00Z'),
        end: at('2025-01-01T00:00:00Z'),
        quantity: new Decimal(5),
        cuts: [],
      }),
    ).toHaveLength(1);
    expect(() =>
      splitProRata({
        start: at('2025-01-01T01:00:00Z'),
        end: at('2025-01-01T00:00:00Z'),
        quantity: new Decimal(5),
        cuts: [],
      }),
    ).toThrow(RangeError);
  });

  it('spreads a record over the UTC hours it touches', () => {
    const buckets = toHourBuckets({
      start: at('2025-01-01T10:30:00Z'),
      end: at('2025-01-01T12:15:00Z'),
      quantity: new Decimal('7'),
    });
    expect(buckets.map((b) => [b.hourStart.toISOString(), b.quantity.toFixed()])).toEqual([
      ['2025-01-01T10:00:00.000Z', '2'],
      ['2025-01-01T11:00:00.000Z', '4'],
      ['2025-01-01T12:00:00.000Z', '1'],
    ]);
  });
});
