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
  const { startedAt, endedAt, quantity } = record;
  if (!(endedAt >= startedAt)) throw new RangeError('sliceByHour: endedAt is before startedAt');
  if (endedAt === startedAt) return [{ hourStart: floorToHour(startedAt), startedAt, endedAt, quantity }];
  const bounds: { hourStart: number; from: number; to: number }[] = [];
  for (let hour = floorToHour(startedAt); hour < endedAt; hour += MS_PER_HOUR) {
    bounds.push({ hourStart: hour, from: Math.max(hour, startedAt), to: Math.min(hour + MS_PER_HOUR, endedAt) });
  }
  const parts = bounds.length === 1 ? [quantity] : splitProRata(quantity, bounds.map((b) => b.to - b.from));
  return bounds.map((b, i) => ({ hourStart: b.hourStart, startedAt: b.from, endedAt: b.to, quantity: parts[i] }));
}
