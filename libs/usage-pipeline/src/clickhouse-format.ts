const MS_PER_HOUR = 3_600_000;
/** The year 10000 starts here: past it `toISOString` changes shape, so only the plain path is used. */
const MAX_CACHED_MS = 253_402_300_800_000;
/** `YYYY-MM-DD HH:` by hour number: the sink formats millions of instants that fall in a few hundred hours. */
const hourPrefixes = new Map<number, string>();

function slowDateTime64(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').replace('Z', '');
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** ClickHouse's text form of a UTC instant with milliseconds: `2026-11-01 15:30:00.000`. */
export function chDateTime64(epochMs: number): string {
  if (!Number.isInteger(epochMs) || epochMs < 0 || epochMs >= MAX_CACHED_MS) return slowDateTime64(epochMs);
  // integer arithmetic on the hour's offset; only the hour prefix goes through Date (cached)
  const hour = Math.floor(epochMs / MS_PER_HOUR);
  let prefix = hourPrefixes.get(hour);
  if (prefix === undefined) {
    if (hourPrefixes.size >= 50_000) hourPrefixes.clear();
    prefix = slowDateTime64(hour * MS_PER_HOUR).slice(0, 14);
    hourPrefixes.set(hour, prefix);
  }
  const inHour = epochMs - hour * MS_PER_HOUR;
  const ms = inHour % 1000;
  const seconds = Math.floor(inHour / 1000);
  return `${prefix}${pad2(Math.floor(seconds / 60))}:${pad2(seconds % 60)}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}`;
}

/** ClickHouse's text form of a UTC instant to the second: `2026-11-01 15:00:00`. */
export function chDateTime(epochMs: number): string {
  return chDateTime64(epochMs).slice(0, 19);
}

/** A ClickHouse string literal. Used where a value list is too long for query parameters (key look-ups). */
export function chString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
