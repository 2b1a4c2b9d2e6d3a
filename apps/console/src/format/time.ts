/** Billing periods and every time shown are in Asia/Shanghai (UTC+8), whatever the browser's own zone. */
export const PARK_TIME_ZONE = 'Asia/Shanghai';

/** "2026-12-06 03:54" in both languages (unambiguous, sorts as text), in Asia/Shanghai. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: PARK_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** The billing period ("2026-12") that contains `now` in Asia/Shanghai. */
export function periodOf(now: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: PARK_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}`;
}

/** `count` periods ending with `period`, newest first. */
export function recentPeriods(period: string, count: number): string[] {
  const [year, month] = period.split('-').map(Number);
  return Array.from({ length: count }, (_, i) => {
    const index = year * 12 + (month - 1) - i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}
