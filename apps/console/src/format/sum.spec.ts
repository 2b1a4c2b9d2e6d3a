import { sumAmounts, sumBy } from './sum';

describe('exact sums of decimal strings', () => {
  it('adds without binary floating point', () => {
    expect(sumAmounts(['0.1', '0.2'])).toBe('0.30'); // 0.1 + 0.2 is 0.30000000000000004 in a double
    expect(sumAmounts(['94516.49', '-165.51', '0.00'])).toBe('94350.98');
    expect(sumAmounts(['-1.25', '0.05'])).toBe('-1.20');
    expect(sumAmounts(['2.7431915514', '0.01'])).toBe('2.7531915514');
    expect(sumAmounts([])).toBe('0.00');
  });

  it('groups rows and sums each field', () => {
    const rows = [
      { sku: 'gpu.h100', amount: '10.10', net: '9.00' },
      { sku: 'cpu.core', amount: '1.00', net: '1.00' },
      { sku: 'gpu.h100', amount: '0.20', net: '0.20' },
    ];
    expect(Object.fromEntries(sumBy(rows, (r) => r.sku, ['amount', 'net']))).toEqual({
      'gpu.h100': { amount: '10.30', net: '9.20' },
      'cpu.core': { amount: '1.00', net: '1.00' },
    });
  });
});
