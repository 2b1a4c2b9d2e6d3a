/** ClickHouse's text form of a UTC instant with milliseconds: `2026-11-01 15:30:00.000`. */
export function chDateTime64(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').replace('Z', '');
}

/** ClickHouse's text form of a UTC instant to the second: `2026-11-01 15:00:00`. */
export function chDateTime(epochMs: number): string {
  return chDateTime64(epochMs).slice(0, 19);
}
