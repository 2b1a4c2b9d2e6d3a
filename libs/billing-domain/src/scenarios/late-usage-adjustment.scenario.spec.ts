// Usage for a closed period arrives late: it is billed as an adjustment in the next period's
// statement, labelled with the period it belongs to; the issued statement never changes.
import { rateAdjustments } from '../rating/rate-adjustments';
import { buildRateUsageInput } from '../rating/rate-usage.input';
import { rateUsage } from '../rating/rate-usage';
import { assembleStatement } from '../statement/assemble-statement';
import {
  aCatalogue,
  aGrant,
  aPriceBook,
  aProgramme,
  applyChecked,
  hourly,
  LIST_PRICES,
  shanghai,
  SKUS,
  tiered,
} from '../testing/builders';

describe('scenario: late usage after a close, billed as an adjustment', () => {
  // H100 graduated by monthly GPU-hours: the first 100 at 30.00, the rest at 25.00.
  const book = aPriceBook({
    versions: [
      {
        version: 1,
        effectiveFrom: shanghai('2024-01-01 00:00'),
        prices: { ...LIST_PRICES, [SKUS.h100.code]: tiered(['100', '30.00'], [null, '25.00']) },
      },
    ],
  });
  const rate = (usage: ReturnType<typeof hourly>) =>
    rateUsage(buildRateUsageInput({ tenantId: 't-1', catalogue: aCatalogue(), priceBook: book, usage }));
  const programme = aProgramme({ ratio: '0.30' });

  // January: 80 GPU-hours on time (10 h × 8 GPUs), closed and issued.
  const januaryOnTime = hourly({
    sku: SKUS.h100.code,
    from: shanghai('2025-01-10 00:00'),
    hours: 10,
    perHour: '28800',
  });
  // 40 more January GPU-hours reach the sink only in February.
  const januaryLate = hourly({ sku: SKUS.h100.code, from: shanghai('2025-01-30 00:00'), hours: 5, perHour: '28800' });
  const february = hourly({ sku: SKUS.h100.code, from: shanghai('2025-02-03 00:00'), hours: 10, perHour: '3600' });

  it('bills the late usage at the tier it would have reached, in an adjustment section labelled 2025-01', () => {
    const issuedJanuary = rate(januaryOnTime).lines;
    const frozen = JSON.stringify(issuedJanuary);
    expect(issuedJanuary.map((l) => [l.periodId, l.quantity.toFixed(), l.amount.toFixed(2)])).toEqual([
      ['2025-01', '80', '2400.00'],
    ]);

    // February close: re-rate January with everything, bill the difference; rate February as usual.
    const adjustment = rateAdjustments({
      rating: buildRateUsageInput({
        tenantId: 't-1',
        catalogue: aCatalogue(),
        priceBook: book,
        usage: [...januaryOnTime, ...januaryLate],
      }),
      issued: issuedJanuary,
    });
    // 40 GPU-hours: 20 still at 30.00 (80 → 100), 20 at 25.00.
    expect(
      adjustment.lines.map((l) => [l.lineId, l.periodId, l.isAdjustment, l.quantity.toFixed(), l.amount.toFixed(2)]),
    ).toEqual([['adj/2025-01/gpu.h100-80g/training/list@1/-', '2025-01', true, '40', '1100.00']]);
    const februaryLines = rate(february).lines;
    const lines = [...februaryLines, ...adjustment.lines];

    const vouchers = applyChecked({
      asOf: '2025-03-03',
      tenant: { id: 't-1' },
      programmes: [programme],
      grants: [aGrant({ balance: '299280.00' })],
      lines,
    });
    const statement = assembleStatement({
      tenantId: 't-1',
      periodId: '2025-02',
      lines,
      deductions: vouchers.deductions,
      programmes: [programme],
    });

    expect(statement.lines.map((l) => [l.periodId, l.quantity, l.amount, l.net])).toEqual([
      ['2025-02', '10', '300.00', '210.00'],
    ]);
    expect(statement.adjustments).toEqual([
      {
        periodId: '2025-01',
        subtotal: '1100.00',
        lines: [
          expect.objectContaining({
            periodId: '2025-01',
            quantity: '40',
            unitPrice: '27.50',
            amount: '1100.00',
            onBillDeductions: '330.00',
            net: '770.00',
          }),
        ],
      },
    ]);
    expect(statement.totals).toEqual({
      gross: '1400.00',
      usage: '300.00',
      adjustments: '1100.00',
      deductions: '420.00',
      reimbursable: '0.00',
      charges: '0.00',
      netPayable: '980.00',
    });
    // Deductions on the adjustment count against the year of the usage (2025).
    expect(vouchers.deductions.map((d) => [d.periodId, d.year])).toEqual([
      ['2025-01', 2025],
      ['2025-02', 2025],
    ]);
    expect(JSON.stringify(issuedJanuary)).toBe(frozen);
  });

  it('a second batch of late usage adjusts against everything issued so far', () => {
    const issuedJanuary = rate(januaryOnTime).lines;
    const first = rateAdjustments({
      rating: buildRateUsageInput({
        tenantId: 't-1',
        catalogue: aCatalogue(),
        priceBook: book,
        usage: [...januaryOnTime, ...januaryLate],
      }),
      issued: issuedJanuary,
    });
    const evenLater = hourly({ sku: SKUS.h100.code, from: shanghai('2025-01-31 00:00'), hours: 1, perHour: '36000' });
    const second = rateAdjustments({
      rating: buildRateUsageInput({
        tenantId: 't-1',
        catalogue: aCatalogue(),
        priceBook: book,
        usage: [...januaryOnTime, ...januaryLate, ...evenLater],
      }),
      issued: [...issuedJanuary, ...first.lines],
    });
    expect(second.lines.map((l) => [l.quantity.toFixed(), l.amount.toFixed(2)])).toEqual([['10', '250.00']]);
  });
});
