import { parseTimestamp } from '../time/timestamp.codec';

/**
 * Days the park can store for a manifest or report on: ClickHouse's `Date` spans 1970-01-01 … 2149-06-06 and
 * silently wraps anything past it (9999-12-31 became 2149-06-06 and replaced that day's manifest).
 */
export const STORABLE_DAYS = { first: '1970-01-01', last: '2149-06-06' } as const;

/**
 * Tenant × SKU lines a manifest may have. With MAX_STATUS_DAYS and MAX_DIFFERENCES_PER_DAY it bounds what one
 * status call reads and answers (a park's cluster serves hundreds of tenants × tens of SKUs, not 10,000 pairs).
 */
export const MAX_MANIFEST_LINES = 10_000;
/** The ingestion status reports at most this many days per call (the answer stays bounded). */
export const MAX_STATUS_DAYS = 31;
/** The default status window: the 7 days ending with `to_day`. */
const DEFAULT_STATUS_DAYS = 7;
const MS_PER_DAY = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Why a day is not usable, or undefined when it is a calendar day "YYYY-MM-DD" the park can store. */
export function dayProblem(day: string): string | undefined {
  if (!DAY.test(day) || !parseTimestamp(`${day}T00:00:00Z`).ok) return 'must be a UTC calendar day "YYYY-MM-DD"';
  if (day < STORABLE_DAYS.first || day > STORABLE_DAYS.last) {
    return `must be between ${STORABLE_DAYS.first} and ${STORABLE_DAYS.last} (the days the park can store)`;
  }
  return undefined;
}

export type StatusWindow =
  | { readonly ok: true; readonly fromDay: string; readonly toDay: string }
  | { readonly ok: false; readonly code: 'BAD_DAY'; readonly field: 'from_day' | 'to_day'; readonly message: string };

export interface StatusWindowInput {
  /** As received: a string, or whatever a query string made of it (a list when repeated). Empty means unset. */
  readonly fromDay?: unknown;
  readonly toDay?: unknown;
  /** Today, UTC, "YYYY-MM-DD". */
  readonly today: string;
}

/**
 * The days an ingestion-status request asks for, checked the same way for HTTPS and gRPC: each given day is a
 * storable calendar day, the defaults (to = today, from = 6 days before to) are computed only from checked days,
 * from ≤ to, and at most MAX_STATUS_DAYS days.
 */
export function statusWindow(input: StatusWindowInput): StatusWindow {
  const given = (field: 'from_day' | 'to_day', value: unknown): StatusWindow | string | undefined => {
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') return bad(field, `${field}: must be one day like 2026-11-01, given once`);
    const problem = dayProblem(value);
    return problem ? bad(field, `${field}: ${problem}`) : value;
  };
  const to = given('to_day', input.toDay) ?? input.today;
  if (typeof to !== 'string') return to;
  const from = given('from_day', input.fromDay) ?? maxDay(STORABLE_DAYS.first, addDays(to, 1 - DEFAULT_STATUS_DAYS));
  if (typeof from !== 'string') return from;
  if (from > to) return bad('from_day', `from_day: ${from} is after to_day ${to}`);
  if (addDays(from, MAX_STATUS_DAYS - 1) < to) {
    return bad('to_day', `to_day: at most ${MAX_STATUS_DAYS} days per request (from_day ${from} to to_day ${to})`);
  }
  return { ok: true, fromDay: from, toDay: to };
}

function bad(field: 'from_day' | 'to_day', message: string): StatusWindow {
  return { ok: false, code: 'BAD_DAY', field, message };
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

function maxDay(a: string, b: string): string {
  return a > b ? a : b;
}

/** Differences listed per day in a status answer; the rest are counted in `differences_omitted`. */
export const MAX_DIFFERENCES_PER_DAY = 100;

/** The first `max` differences and how many were left out, so a 10,000-line mismatch is a bounded answer. */
export function boundedDifferences<T>(
  differences: readonly T[],
  max = MAX_DIFFERENCES_PER_DAY,
): { listed: T[]; omitted: number } {
  return { listed: differences.slice(0, max), omitted: Math.max(0, differences.length - max) };
}
