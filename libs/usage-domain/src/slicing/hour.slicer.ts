import { splitProRata } from '../quantity/pro-rata.splitter';
import { MS_PER_HOUR, floorToHour } from '../time/timestamp.codec';

export interface HourSlice {
  /** Start of the UTC hour, epoch ms. */
  readonly hourStart: number;
  /** The part of the record inside that hour, [startedAt, endedAt) in epoch ms. */
  readonly startedAt: number;
  readonly endedAt: number;
  /** Exact decimal share of the record's quantity; the slices sum exactly to it. */
  readonly quantity: string;
}

export interface SliceableRecord {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly quantity: string;
}

/**
 * Splits a record into UTC-hour slices pro rata by time. A record ending exactly on an hour
 * boundary gets no empty slice for that hour; a zero-length record is one slice in its start hour.
 * Every billing period boundary (UTC days, Asia/Shanghai months at 16:00 UTC) is an hour boundary,
 * so hourly rollups built from slices land in the right period.
 */
export function sliceByHour(record: SliceableRecord): HourSlice[] {
  const { startedAt, endedAt } = record;
  if (!(endedAt >= startedAt)) throw new RangeError('sliceByHour: endedAt is before startedAt');
  const firstHour = floorToHour(startedAt);
  return hourlyQuantities(record).map((quantity, i) => {
    const hourStart = firstHour + i * MS_PER_HOUR;
    return {
      hourStart,
      startedAt: Math.max(hourStart, startedAt),
      endedAt: Math.min(hourStart + MS_PER_HOUR, endedAt),
      quantity,
    };
  });
}

/**
 * The quantities of sliceByHour's slices alone, one per consecutive UTC hour from the hour the record started in:
 * what the gateway writes for every record (ClickHouse derives the hours), without building slice objects.
 */
export function hourlyQuantities(record: SliceableRecord): string[] {
  const { startedAt, endedAt, quantity } = record;
  const firstHour = floorToHour(startedAt);
  if (endedAt <= firstHour + MS_PER_HOUR) return [quantity];
  const weights: number[] = [];
  for (let hour = firstHour; hour < endedAt; hour += MS_PER_HOUR) {
    weights.push(Math.min(hour + MS_PER_HOUR, endedAt) - Math.max(hour, startedAt));
  }
  return splitProRata(quantity, weights);
}
