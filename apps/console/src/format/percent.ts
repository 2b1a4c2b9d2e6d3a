/**
 * A VAT rate from the API ("0.06", "0.0900") as a percentage ("6%", "9%", "5.5%"), by moving the decimal point in
 * the string: a rate has at most 4 decimals, so the percentage is exact and no float touches it.
 */
export function formatPercent(rate: string | null | undefined): string {
  if (rate === null || rate === undefined || rate === '') return '—';
  const m = /^(\d+)(?:\.(\d+))?$/.exec(rate.trim());
  if (!m) return rate;
  const [, whole, fraction = ''] = m;
  const digits = `${whole}${fraction.padEnd(2, '0')}`;
  const int = digits.slice(0, whole.length + 2).replace(/^0+(?=\d)/, '');
  const rest = digits.slice(whole.length + 2).replace(/0+$/, '');
  return `${int}${rest ? `.${rest}` : ''}%`;
}
