import { formatAmount } from '@park/money';
import { PriceNotFound } from '../errors/domain.errors';
import { ValidationError } from '../errors/validation.error';
import {
  aCatalogue,
  aContract,
  aPriceBook,
  hourly,
  instant,
  LIST_PRICES,
  perUnit,
  shanghai,
  SKUS,
  volume,
} from '../testing/builders';
import { buildRateUsageInput, type RateUsageInputSpec } from './rate-usage.input';
import { rateUsage } from './rate-usage';
import { ratingIntervals } from './rating-intervals';

const base = (over: Partial<RateUsageInputSpec> = {}): RateUsageInputSpec => ({
  tenantId: 't-1',
  catalogue: aCatalogue(),
  priceBook: aPriceBook(),
  usage: [],
  ...over,
});
const rate = (over: Partial<RateUsageInputSpec>) => rateUsage(buildRateUsageInput(base(over)));
const view = (r: ReturnType<typeof rate>) =>
  r.lines.map((l) => [
    l.lineId,
    l.quantity.toFixed(),
    formatAmount(l.unitPrice.toDecimalPlaces(2)),
    formatAmount(l.amount),
  ]);

describe('rateUsage', () => {
  const jan = shanghai('2025-01-10 00:00');

  it('one line per period × SKU × job type × version × contract, quantities in billing units', () => {
    const r = rate({
      usage: [
        ...hourly({ sku: SKUS.h100.code, jobType: 'training', from: jan, hours: 3, perHour: '28800' }),
        ...hourly({ sku: SKUS.h100.code, jobType: 'inference', from: jan, hours: 1, perHour: '3600' }),
        ...hourly({ sku: SKUS.storage.code, jobType: 'other', from: jan, hours: 2, perHour: '1000' }),
      ],
    });
    expect(view(r)).toEqual([
      ['2025-01/gpu.h100-80g/inference/list@1/-', '1', '30.00', '30.00'],
      ['2025-01/gpu.h100-80g/training/list@1/-', '24', '30.00', '720.00'],
      ['2025-01/storage.ssd/other/list@1/-', '2000', '0.00', '0.30'],
    ]);
    expect(formatAmount(r.total)).toBe('750.30');
  });

  it('applies a contract discount to book prices but not to an override price', () => {
    const contract = aContract({ discountPercent: '10', overrides: { [SKUS.ascend.code]: perUnit('10.00') } });
    const r = rate({
      contracts: [contract],
      usage: [
        ...hourly({ sku: SKUS.h100.code, from: jan, hours: 1, perHour: '36000' }),
        ...hourly({ sku: SKUS.ascend.code, from: jan, hours: 1, perHour: '36000' }),
      ],
    });
    expect(
      r.lines.map((l) => [
        l.sku,
        l.priceSource,
        l.discountPercent.toFixed(),
        formatAmount(l.unitPrice),
        formatAmount(l.amount),
        l.contractId,
      ]),
    ).toEqual([
      [SKUS.ascend.code, 'contract_override', '0', '10.00', '100.00', 'c-1'],
      [SKUS.h100.code, 'book', '10', '27.00', '270.00', 'c-1'],
    ]);
  });

  it('rounds once per line by the rule of the book version', () => {
    const book = aPriceBook({
      versions: [
        {
          version: 1,
          effectiveFrom: instant('2024-01-01T00:00:00+08:00'),
          rounding: 'TRUNCATE_YUAN',
          prices: LIST_PRICES,
        },
      ],
    });
    // 3 buckets × 5405 GPU-seconds = 4.5041666… GPU-hours × 30.00 = 135.125 → truncated once, on the line, to 135.00.
    const r = rate({ priceBook: book, usage: hourly({ sku: SKUS.h100.code, from: jan, hours: 3, perHour: '5405' }) });
    expect([r.lines[0].unroundedAmount.toFixed(), formatAmount(r.lines[0].amount), r.lines[0].rounding]).toEqual([
      '135.125',
      '135.00',
      'TRUNCATE_YUAN',
    ]);
  });

  it('volume pricing uses the month total across job types', () => {
    const book = aPriceBook({
      versions: [
        {
          version: 1,
          effectiveFrom: instant('2024-01-01T00:00:00+08:00'),
          prices: { ...LIST_PRICES, [SKUS.h100.code]: volume(['100', '30'], [null, '20']) },
        },
      ],
    });
    const r = rate({
      priceBook: book,
      usage: [
        ...hourly({ sku: SKUS.h100.code, jobType: 'training', from: jan, hours: 1, perHour: String(90 * 3600) }),
        ...hourly({ sku: SKUS.h100.code, jobType: 'inference', from: jan, hours: 1, perHour: String(20 * 3600) }),
      ],
    });
    expect(view(r)).toEqual([
      ['2025-01/gpu.h100-80g/inference/list@1/-', '20', '20.00', '400.00'],
      ['2025-01/gpu.h100-80g/training/list@1/-', '90', '20.00', '1800.00'],
    ]);
  });

  it('adds a true-up line when a committed monthly spend is not reached, also for a period with no usage', () => {
    const contract = aContract({ committedMonthlySpend: '1000.00' });
    const r = rate({
      contracts: [contract],
      periods: ['2025-02'],
      usage: hourly({ sku: SKUS.h100.code, from: jan, hours: 1, perHour: '36000' }),
    });
    expect(r.lines.map((l) => [l.lineId, l.kind, formatAmount(l.amount)])).toEqual([
      ['2025-01/commitment/c-1', 'commitment', '700.00'],
      ['2025-01/gpu.h100-80g/training/list@1/c-1', 'usage', '300.00'],
      ['2025-02/commitment/c-1', 'commitment', '1000.00'],
    ]);
    expect(formatAmount(r.total)).toBe('2000.00');
  });

  it('cuts at a contract start: usage before it is priced without the contract', () => {
    const contract = aContract({ effectiveFrom: shanghai('2025-01-10 00:30'), discountPercent: '50' });
    const r = rate({
      contracts: [contract],
      usage: hourly({ sku: SKUS.h100.code, from: jan, hours: 1, perHour: '3600' }),
    });
    expect(r.lines.map((l) => [l.contractId, l.quantity.toFixed(), formatAmount(l.amount)])).toEqual([
      [null, '0.5', '15.00'],
      ['c-1', '0.5', '7.50'],
    ]);
  });

  it('attaches the job sizes of the period × SKU × job type to the line', () => {
    const r = rate({
      usage: hourly({ sku: SKUS.h100.code, from: jan, hours: 1, perHour: '3600' }),
      jobs: [
        {
          periodId: '2025-01',
          sku: SKUS.h100.code,
          jobType: 'training',
          jobId: 'j1',
          deviceCount: 1,
          deviceHours: '1',
          quantity: '3600',
        },
        {
          periodId: '2025-02',
          sku: SKUS.h100.code,
          jobType: 'training',
          jobId: 'j2',
          deviceCount: 1,
          deviceHours: '1',
          quantity: '3600',
        },
      ],
    });
    expect(r.lines[0].jobs.map((j) => j.jobId)).toEqual(['j1']);
  });

  it('reports every problem of the input at once', () => {
    try {
      buildRateUsageInput(
        base({
          tenantId: 't-1',
          contracts: [aContract({ tenantId: 't-2' })],
          usage: [
            { sku: 'gpu.unknown', jobType: 'training', start: jan, quantity: '1' },
            { sku: SKUS.h100.code, jobType: 'training', start: shanghai('2025-01-10 00:30'), quantity: '1' },
            { sku: SKUS.h100.code, jobType: 'training', start: jan, quantity: '1e3' },
            { sku: SKUS.h100.code, jobType: 'training', start: shanghai('2023-01-01 00:00'), quantity: '1' },
          ],
        }),
      );
      throw new Error('expected ValidationError');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues.map((i) => i.path)).toEqual([
        'contracts[0].tenantId',
        'usage[0].sku',
        'usage[1].start',
        'usage[2].quantity',
        'usage[3].start',
      ]);
    }
  });

  it('throws PriceNotFound when handed an unvalidated input with an unpriced SKU', () => {
    const input = buildRateUsageInput(
      base({ usage: hourly({ sku: SKUS.h100.code, from: jan, hours: 1, perHour: '1' }) }),
    );
    const noPrices = aPriceBook({
      versions: [
        { version: 1, effectiveFrom: instant('2024-01-01T00:00:00+08:00'), prices: { [SKUS.cpu.code]: perUnit('1') } },
      ],
    });
    expect(() => rateUsage({ ...input, priceBook: noPrices })).toThrow(PriceNotFound);
  });

  it('rating one bucket per price-stable interval equals rating the hours one by one', () => {
    const book = aPriceBook({
      versions: [
        { version: 1, effectiveFrom: instant('2024-01-01T00:00:00+08:00'), prices: LIST_PRICES },
        {
          version: 2,
          effectiveFrom: shanghai('2025-01-20 12:00'),
          prices: { ...LIST_PRICES, [SKUS.h100.code]: volume(['500', '28'], [null, '21.5']) },
        },
      ],
    });
    const contract = aContract({ effectiveFrom: shanghai('2025-01-25 00:00'), discountPercent: '5' });
    const intervals = ratingIntervals({ periodId: '2025-01', priceBook: book, contracts: [contract] });
    expect(intervals.map((i) => i.start.toISOString())).toEqual([
      '2024-12-31T16:00:00.000Z',
      '2025-01-20T04:00:00.000Z',
      '2025-01-24T16:00:00.000Z',
    ]);
    const hours = hourly({ sku: SKUS.h100.code, from: shanghai('2025-01-01 00:00'), hours: 31 * 24, perHour: '7200' });
    const byHour = rate({ priceBook: book, contracts: [contract], usage: hours });
    const byInterval = rate({
      priceBook: book,
      contracts: [contract],
      usage: intervals.map((i) => ({
        sku: SKUS.h100.code,
        jobType: 'training' as const,
        start: i.start,
        end: i.end,
        quantity: String(((i.end.getTime() - i.start.getTime()) / 3_600_000) * 7200),
      })),
    });
    expect(view(byInterval)).toEqual(view(byHour));
    expect(formatAmount(byHour.total)).toBe(formatAmount(byInterval.total));
  });
});
