import { formatPercent } from './percent';

describe('VAT rates shown as percentages from decimal strings', () => {
  it.each([
    ['0.06', '6%'],
    ['0.0600', '6%'],
    ['0.09', '9%'],
    ['0.13', '13%'],
    ['0.055', '5.5%'],
    ['0', '0%'],
    ['0.00', '0%'],
    ['1', '100%'],
  ])('%s → %s', (input, shown) => expect(formatPercent(input)).toBe(shown));

  it('shows a dash for no rate', () => expect(formatPercent(null)).toBe('—'));
});
