// DESIGN.md §6 worked example: a 300,000.00 grant at 30 % on AI compute, settled quarterly.
import { sum } from '@park/money';
import { aGrant, aLine, aProgramme, applyChecked, balanceAfter, skuFields } from '../testing/builders';
import { assembleStatement } from '../statement/assemble-statement';
import type { UsageState } from '../vouchers/usage-state';

describe('scenario: DESIGN §6 worked example (300,000 grant, 30 % AI compute)', () => {
  const programme = aProgramme({ ratio: '0.30', eligibility: { resourceClasses: ['ai'] } });
  const grant = aGrant({ faceValue: '300000.00' });

  const q1 = [
    aLine({ lineId: '2025-01/ai', periodId: '2025-01', amount: '100000.00' }),
    aLine({ lineId: '2025-02/ai', periodId: '2025-02', amount: '150000.00' }),
    aLine({ lineId: '2025-03/ai', periodId: '2025-03', amount: '150000.00' }),
    aLine({
      lineId: '2025-03/storage',
      periodId: '2025-03',
      amount: '8000.00',
      ...skuFields('storage'),
      jobType: 'other',
    }),
  ];
  const q2 = [
    aLine({ lineId: '2025-04/ai', periodId: '2025-04', amount: '250000.00' }),
    aLine({ lineId: '2025-05/ai', periodId: '2025-05', amount: '250000.00' }),
    aLine({ lineId: '2025-06/ai', periodId: '2025-06', amount: '100000.00' }),
  ];
  const q3 = [aLine({ lineId: '2025-07/ai', periodId: '2025-07', amount: '90000.00' })];

  const run = (asOf: string, lines: typeof q1, balance: string, state?: UsageState) =>
    applyChecked({
      asOf,
      tenant: { id: 't-1' },
      lines,
      programmes: [programme],
      grants: [{ ...grant, balance }],
      state,
    });

  it('Q1: 400,000.00 of AI compute → 120,000.00 deducted, tenant pays 280,000.00; storage gets nothing', () => {
    const r = run('2025-04-05', q1, '300000.00');
    expect(r.deductions.map((d) => [d.lineId, d.amount.toFixed(2)])).toEqual([
      ['2025-01/ai', '30000.00'],
      ['2025-02/ai', '45000.00'],
      ['2025-03/ai', '45000.00'],
    ]);
    const ai = r.lines.filter((l) => l.lineId.endsWith('/ai'));
    expect(sum(ai.map((l) => l.onBill)).toFixed(2)).toBe('120000.00');
    expect(sum(ai.map((l) => l.net)).toFixed(2)).toBe('280000.00');
    expect(r.lines.find((l) => l.lineId === '2025-03/storage')?.onBill.toFixed(2)).toBe('0.00');
    expect(r.notes).toContainEqual(
      expect.objectContaining({ lineId: '2025-03/storage', reason: 'resource_class_not_eligible' }),
    );
    expect(balanceAfter(r, 'g-1')).toBe('180000.00');
  });

  it('Q2: 600,000.00 → 30 % is 180,000.00, the balance is 180,000.00 → 180,000.00 deducted, balance 0', () => {
    const r1 = run('2025-04-05', q1, '300000.00');
    const r = run('2025-07-05', q2, balanceAfter(r1, 'g-1'), r1.state);
    expect(r.deductions.map((d) => [d.lineId, d.amount.toFixed(2), d.boundBy])).toEqual([
      ['2025-04/ai', '75000.00', 'ratio'],
      ['2025-05/ai', '75000.00', 'ratio'],
      ['2025-06/ai', '30000.00', 'grant_balance'],
    ]);
    expect(balanceAfter(r, 'g-1')).toBe('0.00');
    expect(r.state.tenantYear).toEqual([
      expect.objectContaining({ programmeId: programme.id, tenantId: 't-1', year: 2025 }),
    ]);
    expect(r.state.tenantYear[0].used.toFixed(2)).toBe('300000.00');
  });

  it('Q3: the grant is spent, usage is paid in full', () => {
    const r = run('2025-10-05', q3, '0.00');
    expect(r.deductions).toEqual([]);
    expect(r.lines[0].net.toFixed(2)).toBe('90000.00');
    expect(r.notes).toContainEqual(
      expect.objectContaining({ lineId: '2025-07/ai', grantId: 'g-1', reason: 'grant_balance' }),
    );
  });

  it('the March statement shows the money granted apart from what the tenant pays', () => {
    const r = run('2025-04-05', q1, '300000.00');
    const march = q1.filter((l) => l.periodId === '2025-03');
    const statement = assembleStatement({
      tenantId: 't-1',
      periodId: '2025-03',
      lines: march,
      deductions: r.deductions.filter((d) => d.periodId === '2025-03'),
      programmes: [programme],
    });
    expect(statement.totals).toEqual({
      gross: '158000.00',
      usage: '158000.00',
      adjustments: '0.00',
      deductions: '45000.00',
      reimbursable: '0.00',
      charges: '0.00',
      netPayable: '113000.00',
    });
    expect(statement.deductionsByProgramme).toEqual([
      {
        programmeId: 'gz-ai-voucher',
        name: '贵州算力券',
        bureau: 'guizhou-big-data-bureau',
        mechanism: 'on_bill',
        amount: '45000.00',
        grants: [{ grantId: 'g-1', amount: '45000.00' }],
        funders: [{ funderId: 'guizhou-big-data-bureau', amount: '45000.00' }],
      },
    ]);
    expect(statement.lines.map((l) => [l.lineId, l.resourceClassLabel?.zh, l.amount, l.net])).toEqual([
      ['2025-03/ai', '智算', '150000.00', '105000.00'],
      ['2025-03/storage', '存储', '8000.00', '8000.00'],
    ]);
  });
});
