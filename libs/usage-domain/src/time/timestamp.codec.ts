/** RFC 3339 timestamps in UTC ("Z" or "+00:00"), to and from epoch milliseconds. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

export const MS_PER_SECOND = 1_000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

export type TimestampParse =
  | { readonly ok: true; readonly epochMs: number }
  | { readonly ok: false; readonly problem: string };

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
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
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, problem: 'is not a valid calendar date and time' };
  }
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  return { ok: true, epochMs: Date.UTC(year, month - 1, day, hour, minute, second, ms) };
}

const ZERO = 48;
const digitAt = (text: string, i: number): number => text.charCodeAt(i) - ZERO;

/**
 * `YYYY-MM-DDTHH:MM:SSZ` and `YYYY-MM-DDTHH:MM:SS.sssZ`, what agents send almost always, read by character code:
 * the gateway parses two per record, and the regular expression was most of that. Undefined for any other shape
 * (the general path then answers, with the same checks).
 */
function parseCommonForm(text: string): TimestampParse | undefined {
  const withMs = text.length === 24;
  if (!(withMs || text.length === 20) || text.charCodeAt(text.length - 1) !== 90 /* Z */) return undefined;
  if (text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':' || (withMs && text[19] !== '.')) return undefined;
  const digits = withMs ? [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22] : [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
  for (const i of digits) {
    const d = digitAt(text, i);
    if (d < 0 || d > 9) return undefined;
  }
  const year = digitAt(text, 0) * 1000 + digitAt(text, 1) * 100 + digitAt(text, 2) * 10 + digitAt(text, 3);
  const month = digitAt(text, 5) * 10 + digitAt(text, 6);
  const day = digitAt(text, 8) * 10 + digitAt(text, 9);
  const hour = digitAt(text, 11) * 10 + digitAt(text, 12);
  const minute = digitAt(text, 14) * 10 + digitAt(text, 15);
  const second = digitAt(text, 17) * 10 + digitAt(text, 18);
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, problem: 'is not a valid calendar date and time' };
  }
  const ms = withMs ? digitAt(text, 20) * 100 + digitAt(text, 21) * 10 + digitAt(text, 22) : 0;
  return { ok: true, epochMs: Date.UTC(year, month - 1, day, hour, minute, second, ms) };
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
