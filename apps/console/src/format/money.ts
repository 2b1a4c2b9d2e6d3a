/**
 * Amounts arrive as exact decimal strings ("1234567.8", "-41109.30"). They are shown as 元 with thousands
 * separators and at least two decimals by string handling alone: no float ever touches an amount, and nothing
 * is rounded (an amount with more than two decimals shows them all).
 */
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

export function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatDecimal(value: string, minDecimals = 2): string {
  const m = DECIMAL.exec(value.trim());
  if (!m) throw new Error(`not a decimal amount: ${JSON.stringify(value)}`);
  const [, sign, whole, fraction = ''] = m;
  const padded = fraction.padEnd(minDecimals, '0');
  const isZero = /^0*$/.test(whole + fraction);
  return `${isZero ? '' : sign}${groupThousands(whole.replace(/^0+(?=\d)/, ''))}${padded ? `.${padded}` : ''}`;
}

/** Whether a decimal amount is zero ("0.00", "-0", "0"), read as text. */
export function isZeroAmount(value: string): boolean {
  const m = DECIMAL.exec(value.trim());
  if (!m) throw new Error(`not a decimal amount: ${JSON.stringify(value)}`);
  return /^0*$/.test(m[2] + (m[3] ?? ''));
}

/** "1,234,567.80 元" (zh-CN) or "¥1,234,567.80" (en); an absent amount is a dash. */
export function formatYuan(value: string | null | undefined, locale: 'zh-CN' | 'en'): string {
  if (value === null || value === undefined || value === '') return '—';
  const text = formatDecimal(value);
  if (locale === 'zh-CN') return `${text} 元`;
  return text.startsWith('-') ? `-¥${text.slice(1)}` : `¥${text}`;
}
