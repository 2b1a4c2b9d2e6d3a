// Issue 12 item 5. January 2025 is issued: 10 GPU-hours at 1,000.00. A back-dated price must not re-price it:
// a version reaching into an issued period is refused, and one late GPU-hour is billed alone, at its own price.
import { formatAmount } from '@park/money';
import { assertNotFrozen, PeriodFrozen } from '../pricing/frozen-periods';
import { rateAdjustments } from '../rating/rate-adjustments';
import { buildRateUsageInput } from '../rating/rate-usage.input';
import { rateUsage } from '../rating/rate-usage';
import type { PriceBook } from '../pricing/price-book';
import { aCatalogue, aPriceBook, hourly, LIST_PRICES, perUnit, shanghai, SKUS } from '../testing/builders';

describe('scenario: issued periods are frozen against back-dated prices', () => {
  const v1 = {
    version: 1,
    effectiveFrom: shanghai('2024-01-01 00:00'),
    prices: { ...LIST_PRICES, [SKUS.h100.code]: perUnit('1000.00') },
  };
  const v2At = (effectiveFrom: Date) => ({
    version: 2,
    effectiveFrom,
    prices: { ...LIST_PRICES, [SKUS.h100.code]: perUnit('2000.00') },
  });
  const rate = (book: PriceBook, usage: ReturnType<typeof hourly>) =>
    buildRateUsageInput({ tenantId: 't-1', catalogue: aCatalogue(), priceBook: book, usage });
  const onTime = hourly({ sku: SKUS.h100.code, from: shanghai('2025-01-10 00:00'), hours: 10, perHour: '3600' });
  const lateHour = hourly({ sku: SKUS.h100.code, from: shanghai('2025-01-31 10:00'), hours: 1, perHour: '3600' });
  const issuedJanuary = rateUsage(rate(aPriceBook({ versions: [v1] }), onTime)).lines;

  it('refuses a version taking effect inside the issued January, naming it; February is open', () => {
    expect(issuedJanuary.map((l) => [l.quantity.toFixed(), formatAmount(l.amount)])).toEqual([['10', '10000.00']]);
    const backDated = () =>
      assertNotFrozen({
        subject: 'price book list version 2',
        effectiveFrom: shanghai('2025-01-01 00:00'),
        lastIssuedPeriod: '2025-01',
      });
    expect(backDated).toThrow(PeriodFrozen);
    expect(backDated).toThrow(/inside or before period 2025-01 .*issued.*2025-01-31T16:00:00.000Z or later/);
    // the last hour of January (Shanghai) is still January
    expect(() =>
      assertNotFrozen({ subject: 'v2', effectiveFrom: shanghai('2025-01-31 23:00'), lastIssuedPeriod: '2025-01' }),
    ).toThrow(PeriodFrozen);
    expect(() =>
      assertNotFrozen({ subject: 'v2', effectiveFrom: shanghai('2025-02-01 00:00'), lastIssuedPeriod: '2025-01' }),
    ).not.toThrow();
    expect(() =>
      assertNotFrozen({ subject: 'v2', effectiveFrom: shanghai('2024-06-01 00:00'), lastIssuedPeriod: null }),
    ).not.toThrow();
  });

  it('a late January hour is billed alone at the January price, whatever February costs', () => {
    const book = aPriceBook({ versions: [v1, v2At(shanghai('2025-02-01 00:00'))] });
    const adjustment = rateAdjustments({ rating: rate(book, [...onTime, ...lateHour]), issued: issuedJanuary });
    expect(
      adjustment.lines.map((l) => [
        l.lineId,
        l.periodId,
        l.quantity.toFixed(),
        formatAmount(l.unitPrice),
        formatAmount(l.amount),
      ]),
    ).toEqual([['adj/2025-01/gpu.h100-80g/training/list@1/-', '2025-01', '1', '1000.00', '1000.00']]);
  });

  it('even with a back-dated version already stored, the billed 10 hours are not re-priced (was 12,000.00)', () => {
    // Stored before the freeze existed: v2 from 1 January. Re-rating the month gave −10 × 1,000.00 + 11 × 2,000.00.
    const book = aPriceBook({ versions: [v1, v2At(shanghai('2025-01-01 00:00'))] });
    const adjustment = rateAdjustments({ rating: rate(book, [...onTime, ...lateHour]), issued: issuedJanuary });
    expect(adjustment.lines.map((l) => [l.priceBookVersion, l.quantity.toFixed(), formatAmount(l.amount)])).toEqual([
      [2, '1', '2000.00'],
    ]);
    expect(formatAmount(adjustment.total)).toBe('2000.00');
  });

  it('rounds the late usage once, on its own amount (not as a difference of two rounded months)', () => {
    // 0.005 / GPU-hour: 1 billed hour rounds to 0.01; the late hour alone is 0.01 again, not 0.01 − 0.01 + 0.00.
    const cheap = aPriceBook({
      versions: [
        {
          version: 1,
          effectiveFrom: shanghai('2024-01-01 00:00'),
          prices: { ...LIST_PRICES, [SKUS.h100.code]: perUnit('0.005') },
        },
      ],
    });
    const one = hourly({ sku: SKUS.h100.code, from: shanghai('2025-01-10 00:00'), hours: 1, perHour: '3600' });
    const billed = rateUsage(rate(cheap, one)).lines;
    expect(billed.map((l) => formatAmount(l.amount))).toEqual(['0.01']);
    const adjustment = rateAdjustments({ rating: rate(cheap, [...one, ...lateHour]), issued: billed });
    expect(adjustment.lines.map((l) => [l.quantity.toFixed(), formatAmount(l.amount)])).toEqual([['1', '0.01']]);
  });
});
