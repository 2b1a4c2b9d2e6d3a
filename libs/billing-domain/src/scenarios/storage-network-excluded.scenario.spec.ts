// An AI-compute voucher pays nothing on storage and network lines in the same statement.
import { aGrant, aLine, aProgramme, applyChecked, skuFields } from '../testing/builders';
import { assembleStatement } from '../statement/assemble-statement';

describe('scenario: storage and network lines excluded', () => {
  const programme = aProgramme({ eligibility: { resourceClasses: ['ai', 'hpc'] } });
  const lines = [
    aLine({ lineId: '2025-01/h100', amount: '20000.00', ...skuFields('h100') }),
    aLine({ lineId: '2025-01/hpc', amount: '1000.00', ...skuFields('hpc'), jobType: 'other' }),
    aLine({ lineId: '2025-01/storage', amount: '1500.00', ...skuFields('storage'), jobType: 'other' }),
    aLine({ lineId: '2025-01/network', amount: '320.50', ...skuFields('network'), jobType: 'other' }),
    aLine({ lineId: '2025-01/cpu', amount: '99.99', ...skuFields('cpu'), jobType: 'other' }),
  ];

  it('deducts on AI and HPC lines only', () => {
    const r = applyChecked({
      asOf: '2025-02-03',
      tenant: { id: 't-1' },
      programmes: [programme],
      grants: [aGrant()],
      lines,
    });
    expect(r.deductions.map((d) => [d.lineId, d.amount.toFixed(2)])).toEqual([
      ['2025-01/h100', '6000.00'],
      ['2025-01/hpc', '300.00'],
    ]);
    expect(r.notes.filter((n) => n.reason === 'resource_class_not_eligible').map((n) => n.lineId)).toEqual([
      '2025-01/cpu',
      '2025-01/network',
      '2025-01/storage',
    ]);

    const statement = assembleStatement({
      tenantId: 't-1',
      periodId: '2025-01',
      lines,
      deductions: r.deductions,
      programmes: [programme],
    });
    expect(statement.totals).toEqual({
      gross: '22920.49',
      usage: '22920.49',
      adjustments: '0.00',
      deductions: '6300.00',
      reimbursable: '0.00',
      charges: '0.00',
      netPayable: '16620.49',
    });
    expect(statement.lines.find((l) => l.sku === 'storage.ssd')?.net).toBe('1500.00');
    expect(statement.lines.find((l) => l.sku === 'network.egress')?.net).toBe('320.50');
  });
});
