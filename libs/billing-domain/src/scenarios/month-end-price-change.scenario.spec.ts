// One job crosses the January/February boundary (Asia/Shanghai) and a mid-hour price change.
import { formatAmount } from '@park/money';
import { buildRateUsageInput } from '../rating/rate-usage.input';
import { rateUsage } from '../rating/rate-usage';
import { aCatalogue, aPriceBook, dec, LIST_PRICES, perUnit, shanghai, SKUS } from '../testing/builders';
import { toHourBuckets } from '../time/split-pro-rata';

describe('scenario: a job crossing a month end and a price change', () => {
  // 8 × H100 from 2025-01-31 22:00 to 2025-02-01 04:00 Shanghai time = 48 GPU-hours.
  const job = { start: shanghai('2025-01-31 22:00'), end: shanghai('2025-02-01 04:00'), quantity: dec('172800') };
  // The H100 price drops from 30.00 to 24.00 at 2025-02-01 02:30 Shanghai time (mid-hour).
  const book = aPriceBook({
    versions: [
      { version: 1, effectiveFrom: shanghai('2024-01-01 00:00'), prices: LIST_PRICES },
      {
        version: 2,
        effectiveFrom: shanghai('2025-02-01 02:30'),
        prices: { ...LIST_PRICES, [SKUS.h100.code]: perUnit('24.00') },
      },
    ],
  });

  it('bills 2 h in January at 30.00, 2.5 h in February at 30.00 and 1.5 h at 24.00', () => {
    const buckets = toHourBuckets(job);
    expect(buckets.map((b) => [b.hourStart.toISOString(), b.quantity.toFixed()])).toEqual([
      ['2025-01-31T14:00:00.000Z', '28800'],
      ['2025-01-31T15:00:00.000Z', '28800'],
      ['2025-01-31T16:00:00.000Z', '28800'],
      ['2025-01-31T17:00:00.000Z', '28800'],
      ['2025-01-31T18:00:00.000Z', '28800'],
      ['2025-01-31T19:00:00.000Z', '28800'],
    ]);
    const rating = rateUsage(
      buildRateUsageInput({
        tenantId: 't-1',
        catalogue: aCatalogue(),
        priceBook: book,
        usage: buckets.map((b) => ({
          sku: SKUS.h100.code,
          jobType: 'training',
          start: b.hourStart,
          quantity: b.quantity,
        })),
      }),
    );
    expect(
      rating.lines.map((l) => [
        l.periodId,
        l.priceBookVersion,
        l.quantity.toFixed(),
        formatAmount(l.unitPrice),
        formatAmount(l.amount),
      ]),
    ).toEqual([
      ['2025-01', 1, '16', '30.00', '480.00'],
      ['2025-02', 1, '20', '30.00', '600.00'],
      ['2025-02', 2, '12', '24.00', '288.00'],
    ]);
    expect(rating.lines[0].lineId).toBe('2025-01/gpu.h100-80g/training/list@1/-');
    expect(formatAmount(rating.total)).toBe('1368.00');
  });

  it('a quantity that does not divide evenly still sums exactly (last part takes the remainder)', () => {
    const odd = toHourBuckets({
      start: shanghai('2025-01-31 23:20'),
      end: shanghai('2025-02-01 00:20'),
      quantity: dec('1'),
    });
    expect(odd.map((b) => b.quantity.toFixed())).toEqual(['0.666666666', '0.333333334']);
  });
});
