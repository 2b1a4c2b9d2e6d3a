/**
 * Billing periods are calendar months in Asia/Shanghai: UTC+8 all year, no DST since 1991,
 * so a fixed offset is exact and we need no time-zone database.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 86_400_000;

/** `YYYY-MM`, a calendar month in Asia/Shanghai. */
export type PeriodId = string;
/** `YYYY-MM-DD`, a calendar day in Asia/Shanghai. */
export type LocalDate = string;

const PERIOD_ID = /^(\d{4})-(0[1-9]|1[0-2])$/;
const LOCAL_DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isPeriodId(value: unknown): value is PeriodId {
  return typeof value === 'string' && PERIOD_ID.test(value);
}

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string' || !LOCAL_DATE.test(value)) return false;
  return dayNumberToLocalDate(localDateToDayNumber(value)) === value; // rejects 2025-02-30
}

function parsePeriod(id: PeriodId): { year: number; month: number } {
  const m = PERIOD_ID.exec(id);
  if (!m) throw new RangeError(`not a period id (YYYY-MM): ${id}`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function periodIdOf(year: number, month: number): PeriodId {
  return `${pad(year, 4)}-${pad(month, 2)}`;
}

/** The period an instant falls in. */
export function periodOf(instant: Date): PeriodId {
  const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
  return periodIdOf(local.getUTCFullYear(), local.getUTCMonth() + 1);
}

/** [start, end) of a period as UTC instants: 2025-01 → 2024-12-31T16:00Z .. 2025-01-31T16:00Z. */
export function periodBounds(id: PeriodId): { readonly start: Date; readonly end: Date } {
  const { year, month } = parsePeriod(id);
  return {
    start: new Date(Date.UTC(year, month - 1, 1) - SHANGHAI_OFFSET_MS),
    end: new Date(Date.UTC(year, month, 1) - SHANGHAI_OFFSET_MS),
  };
}

export function nextPeriod(id: PeriodId): PeriodId {
  const { year, month } = parsePeriod(id);
  return month === 12 ? periodIdOf(year + 1, 1) : periodIdOf(year, month + 1);
}

export function previousPeriod(id: PeriodId): PeriodId {
  const { year, month } = parsePeriod(id);
  return month === 1 ? periodIdOf(year - 1, 12) : periodIdOf(year, month - 1);
}

/** Period ids sort as strings; this names the intent. */
export function comparePeriods(a: PeriodId, b: PeriodId): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function periodYear(id: PeriodId): number {
  return parsePeriod(id).year;
}

export function daysInPeriod(id: PeriodId): number {
  const { year, month } = parsePeriod(id);
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function periodFirstDay(id: PeriodId): LocalDate {
  return `${id}-01`;
}

/**
 * `compute(key)`, kept in `seen` (a close asks for the same few dates hundreds of thousands of times); the map is
 * emptied when it grows large, so odd input cannot make it grow without bound.
 */
function remembered<K, V>(seen: Map<K, V>, key: K, compute: (key: K) => V): V {
  let value = seen.get(key);
  if (value === undefined) {
    value = compute(key);
    if (seen.size >= 10_000) seen.clear();
    seen.set(key, value);
  }
  return value;
}

const lastDays = new Map<PeriodId, LocalDate>();

export function periodLastDay(id: PeriodId): LocalDate {
  return remembered(lastDays, id, () => `${id}-${pad(daysInPeriod(id), 2)}`);
}

export function periodOfLocalDate(date: LocalDate): PeriodId {
  return date.slice(0, 7);
}

/** The Asia/Shanghai calendar day of an instant. */
export function localDateOf(instant: Date): LocalDate {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

const dayNumbers = new Map<LocalDate, number>();

/** Days since 1970-01-01 (a plain day count; no time of day involved). */
export function localDateToDayNumber(date: LocalDate): number {
  return remembered(dayNumbers, date, () => {
    const [y, m, d] = date.split('-').map(Number);
    return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
  });
}

export function dayNumberToLocalDate(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Days of [from, to] (both inclusive) that fall in the period; 0 when they do not meet. */
export function overlapDays(id: PeriodId, from: LocalDate, to: LocalDate): number {
  const first = Math.max(localDateToDayNumber(periodFirstDay(id)), localDateToDayNumber(from));
  const last = Math.min(localDateToDayNumber(periodLastDay(id)), localDateToDayNumber(to));
  return Math.max(0, last - first + 1);
}
