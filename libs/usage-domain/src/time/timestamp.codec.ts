/** RFC 3339 timestamps in UTC ("Z" or "+00:00"), to and from epoch milliseconds. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

export const MS_PER_SECOND = 1_000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

export type TimestampParse =
  { readonly ok: true; readonly epochMs: number } | { readonly ok: false; readonly problem: string };

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/** A real UTC date and time from 1970 on (no 31 April, no 24:00, no leap second). Positional: ingest hot path. */
function isCalendarTime(year: number, month: number, day: number, hour: number, minute: number, second: number) {
  return (
    year >= 1970 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59
  );
}

/**
 * Parses an RFC 3339 UTC timestamp. Fractional seconds beyond milliseconds are truncated
 * (records bill by quantity; times only place it in an hour). Leap seconds (":60") are refused.
 */
export function parseTimestamp(text: string): TimestampParse {
  if (text.length > 40) return { ok: false, problem: 'is too long for an RFC 3339 timestamp' };
  const common = parseCommonForm(text);
  if (common !== undefined) return common;
  const m = RFC3339.exec(text);
  if (!m) return { ok: false, problem: 'must be an RFC 3339 timestamp such as 2025-01-31T16:00:00Z' };
  const offset = m[8];
  if (offset !== 'Z' && offset !== '+00:00' && offset !== '-00:00') {
    return { ok: false, problem: `must be in UTC ("Z"), got offset ${offset}` };
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (!isCalendarTime(year, month, day, hour, minute, second)) {
    return { ok: false, problem: 'is not a valid calendar date and time' };
  }
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  return { ok: true, epochMs: Date.UTC(year, month - 1, day, hour, minute, second, ms) };
}

/** The decimal digit at text[i], or -1. */
function digit(text: string, i: number): number {
  const d = text.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

/** The two decimal digits at text[i], text[i + 1] as a number, or -1 if either is not a digit. */
function twoDigits(text: string, i: number): number {
  const tens = digit(text, i);
  const ones = digit(text, i + 1);
  return tens < 0 || ones < 0 ? -1 : tens * 10 + ones;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil), in integer arithmetic. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const DASH = 45;
const COLON = 58;
const DOT = 46;
const LETTER_T = 84;
const LETTER_Z = 90;

/**
 * `YYYY-MM-DDTHH:MM:SSZ` and `YYYY-MM-DDTHH:MM:SS.sssZ`, what agents send almost always, read by character code:
 * the gateway parses two per record, and the regular expression was most of that. Undefined for any other shape
 * (the general path then answers, with the same checks).
 */
function parseCommonForm(text: string): TimestampParse | undefined {
  const withMs = text.length === 24;
  if (!(withMs || text.length === 20) || text.charCodeAt(text.length - 1) !== LETTER_Z) return undefined;
  if (
    text.charCodeAt(4) !== DASH ||
    text.charCodeAt(7) !== DASH ||
    text.charCodeAt(10) !== LETTER_T ||
    text.charCodeAt(13) !== COLON ||
    text.charCodeAt(16) !== COLON ||
    (withMs && text.charCodeAt(19) !== DOT)
  )
    return undefined;
  const century = twoDigits(text, 0);
  const yearOfCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  const centis = withMs ? twoDigits(text, 20) : 0;
  const millis = withMs ? digit(text, 22) : 0;
  if ((century | yearOfCentury | month | day | hour | minute | second | centis | millis) < 0) return undefined;
  const year = century * 100 + yearOfCentury;
  if (!isCalendarTime(year, month, day, hour, minute, second)) {
    return { ok: false, problem: 'is not a valid calendar date and time' };
  }
  return {
    ok: true,
    epochMs:
      ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + centis * 10 + millis,
  };
}

/** Epoch ms → "2025-01-31T16:00:00.000Z". */
export function formatTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** Epoch ms → UTC calendar day "2025-01-31". */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

export function floorToHour(epochMs: number): number {
  return Math.floor(epochMs / MS_PER_HOUR) * MS_PER_HOUR;
}
