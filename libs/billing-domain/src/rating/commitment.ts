import { ZERO, sum } from '@park/money';
import type { Contract } from '../pricing/contract';
import { type PeriodId, periodBounds } from '../time/shanghai-calendar';
import type { RatedLine } from './rated-line';

/**
 * Committed monthly spend: for every billed period a contract overlaps, the shortfall between its
 * commitment and the contract's rounded usage lines becomes one true-up line. The commitment is not
 * prorated for a contract that starts or ends mid-month.
 */
export function commitmentLines(input: {
  readonly tenantId: string;
  readonly contracts: readonly Contract[];
  readonly lines: readonly RatedLine[];
  readonly periods: readonly PeriodId[];
}): RatedLine[] {
  const periods = [...new Set([...input.lines.map((l) => l.periodId), ...input.periods])].sort();
  const out: RatedLine[] = [];
  for (const contract of input.contracts) {
    const commitment = contract.committedMonthlySpend;
    if (commitment === null) continue;
    for (const periodId of periods) {
      const { start, end } = periodBounds(periodId);
      const overlaps =
        contract.effectiveFrom.getTime() < end.getTime() &&
        (contract.effectiveTo === null || contract.effectiveTo.getTime() > start.getTime());
      if (!overlaps) continue;
      const spent = sum(
        input.lines.filter((l) => l.contractId === contract.id && l.periodId === periodId).map((l) => l.amount),
      );
      if (!spent.lessThan(commitment)) continue;
      const shortfall = commitment.minus(spent);
      out.push({
        lineId: `${periodId}/commitment/${contract.id}`,
        kind: 'commitment',
        isAdjustment: false,
        tenantId: input.tenantId,
        contractId: contract.id,
        periodId,
        sku: null,
        resourceClass: null,
        chipFamily: null,
        domesticChip: false,
        jobType: null,
        quantityBase: ZERO,
        quantity: ZERO,
        billingUnit: null,
        unitPrice: ZERO,
        priceModel: 'commitment',
        priceSource: 'commitment',
        discountPercent: ZERO,
        priceBookId: null,
        priceBookVersion: null,
        rounding: 'HALF_UP_FEN',
        unroundedAmount: shortfall,
        amount: shortfall,
        jobs: [],
      });
    }
  }
  return out;
}
