import { Decimal, sum } from '@park/money';
import { periodBounds, periodOf } from './shanghai-calendar';

export interface TimeSlice {
  readonly start: Date;
  readonly end: Date;
  readonly quantity: Decimal;
}

export interface SplitProRataInput {
  /** [start, end): the interval the quantity was used in. */
  readonly start: Date;
  readonly end: Date;
  readonly quantity: Decimal;
  /** Instants to cut at (period boundaries, price changes). Outside (start, end) they are ignored. */
  readonly cuts: readonly Date[];
  /** Decimals kept in each part but the last (default 9); the last part takes the remainder. */
  readonly scale?: number;
}

/**
 * Splits a quantity over [start, end) pro rata by time at the given cut points. Every part but the
 * last is truncated to `scale` decimals and the last takes the remainder, so the parts sum exactly
 * to the whole (a third of a GPU-second never leaks or doubles).
 */
export function splitProRata(input: SplitProRataInput): TimeSlice[] {
  const { start, end, quantity } = input;
  const scale = input.scale ?? 9;
  const t0 = start.getTime();
  const t1 = end.getTime();
  if (!(t1 >= t0)) throw new RangeError(`interval end ${end.toISOString()} is before its start ${start.toISOString()}`);
  if (t1 === t0) return [{ start, end, quantity }];
  const points = [...new Set(input.cuts.map((c) => c.getTime()).filter((t) => t > t0 && t < t1))].sort((a, b) => a - b);
  const bounds = [t0, ...points, t1];
  const total = new Decimal(t1 - t0);
  const parts: TimeSlice[] = [];
  for (let i = 0; i < bounds.length - 1; i += 1) {
    const isLast = i === bounds.length - 2;
    const q = isLast
      ? quantity.minus(sum(parts.map((p) => p.quantity)))
      : quantity
          .times(bounds[i + 1] - bounds[i])
          .dividedBy(total)
          .toDecimalPlaces(scale, Decimal.ROUND_DOWN);
    parts.push({ start: new Date(bounds[i]), end: new Date(bounds[i + 1]), quantity: q });
  }
  return parts;
}

/** Period boundaries strictly inside (start, end). */
export function periodCuts(start: Date, end: Date): Date[] {
  const cuts: Date[] = [];
  let next = periodBounds(periodOf(start)).end;
  while (next.getTime() < end.getTime()) {
    cuts.push(next);
    next = periodBounds(periodOf(next)).end;
  }
  return cuts;
}

const HOUR_MS = 3_600_000;

/** UTC hour boundaries strictly inside (start, end). */
export function hourCuts(start: Date, end: Date): Date[] {
  const cuts: Date[] = [];
  for (let t = Math.floor(start.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS; t < end.getTime(); t += HOUR_MS)
    cuts.push(new Date(t));
  return cuts;
}

export interface HourBucket {
  /** UTC hour start. */
  readonly hourStart: Date;
  readonly quantity: Decimal;
}

/**
 * Spreads one usage record over the UTC hour buckets it touches, pro rata by time. Shanghai month
 * boundaries fall on whole UTC hours (16:00Z), so a bucket never straddles two periods.
 */
export function toHourBuckets(record: {
  readonly start: Date;
  readonly end: Date;
  readonly quantity: Decimal;
}): HourBucket[] {
  return splitProRata({ ...record, cuts: hourCuts(record.start, record.end) }).map((s) => ({
    hourStart: new Date(Math.floor(s.start.getTime() / HOUR_MS) * HOUR_MS),
    quantity: s.quantity,
  }));
}
