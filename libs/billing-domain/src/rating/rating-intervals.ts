import type { Contract } from '../pricing/contract';
import type { PriceBook } from '../pricing/price-book';
import { type PeriodId, periodBounds } from '../time/shanghai-calendar';

/**
 * The intervals of a period inside which no price can change (book versions, contract bounds).
 * Hour buckets are exact; to rate a whole park fast, sum the hours of each interval in ClickHouse
 * and pass one bucket per interval × SKU × job type: nothing is then split pro rata, so the result
 * equals rating the hours one by one (the tier walk inside an interval does not change totals).
 */
export function ratingIntervals(input: {
  readonly periodId: PeriodId;
  readonly priceBook: PriceBook;
  readonly contracts: readonly Contract[];
}): { start: Date; end: Date }[] {
  const { start, end } = periodBounds(input.periodId);
  const cuts = [
    ...input.priceBook.versions.map((v) => v.effectiveFrom),
    ...input.contracts.flatMap((c) => (c.effectiveTo ? [c.effectiveFrom, c.effectiveTo] : [c.effectiveFrom])),
  ]
    .map((d) => d.getTime())
    .filter((t) => t > start.getTime() && t < end.getTime());
  const points = [start.getTime(), ...[...new Set(cuts)].sort((a, b) => a - b), end.getTime()];
  return points.slice(0, -1).map((t, i) => ({ start: new Date(t), end: new Date(points[i + 1]) }));
}
