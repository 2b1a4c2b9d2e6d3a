/** Billing periods and every time shown are in Asia/Shanghai (UTC+8), whatever the browser's own zone. */
export const PARK_TIME_ZONE = 'Asia/Shanghai';

export function formatTime(iso: string | null | undefined, locale: 'zh-CN' | 'en'): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', {
    timeZone: PARK_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
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
