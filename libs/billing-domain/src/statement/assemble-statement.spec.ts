import { Decimal } from '@park/money';
import { ValidationError } from '../errors/validation.error';
import { aGrant, aLine, aProgramme, applyChecked } from '../testing/builders';
import { assembleStatement } from './assemble-statement';

describe('assembleStatement', () => {
  const onBill = aProgramme({ id: 'on-bill', ratio: '0.30', stackingGroup: 'both' });
  const reimbursed = aProgramme({
    id: 'reimbursed',
    mechanism: 'reimbursed',
    ratio: '0.20',
    stackingGroup: 'both',
    funders: [
      { id: 'province', share: '1' },
      { id: 'city', share: '1' },
    ],
  });
  const lines = [
    aLine({ lineId: '2025-02/a', periodId: '2025-02', amount: '1000.00' }),
    aLine({
      lineId: '2025-02/true-up',
      periodId: '2025-02',
      amount: '50.00',
      kind: 'commitment',
      sku: null,
      resourceClass: null,
      jobType: null,
    }),
    aLine({ lineId: 'adj/2024-12/a', periodId: '2024-12', amount: '100.00', isAdjustment: true }),
    aLine({ lineId: 'adj/2025-01/a', periodId: '2025-01', amount: '-10.00', isAdjustment: true }),
  ];
  const r = applyChecked({
    asOf: '2025-03-02',
    tenant: { id: 't-1' },
    programmes: [onBill, reimbursed],
    stackingGroups: [{ id: 'both', ceiling: '1' }],
    grants: [
      aGrant({ id: 'g-on', programmeId: 'on-bill', validFrom: '2024-01-01' }),
      aGrant({ id: 'g-re', programmeId: 'reimbursed', validFrom: '2024-01-01' }),
    ],
    lines,
  });

  it('adds charges billed back (rejected claims, clawbacks) to the net payable, untouched by vouchers', () => {
    const charges = [
      {
        chargeId: 'chg-1',
        kind: 'clawback' as const,
        programmeId: 'on-bill',
        grantId: 'g-x',
        reason: '追缴 fraud',
        amount: new Decimal('123.45'),
      },
      {
        chargeId: 'chg-2',
        kind: 'claim_rejected' as const,
        programmeId: 'on-bill',
        grantId: null,
        reason: 'no invoice',
        amount: new Decimal('0.55'),
      },
    ];
    const s = assembleStatement({
      tenantId: 't-1',
      periodId: '2025-02',
      lines,
      deductions: r.deductions,
      programmes: [onBill, reimbursed],
      charges,
    });
    expect(s.totals).toMatchObject({ gross: '1140.00', deductions: '330.00', charges: '124.00', netPayable: '934.00' });
    expect(s.charges.map((c) => [c.chargeId, c.kind, c.amount])).toEqual([
      ['chg-1', 'clawback', '123.45'],
      ['chg-2', 'claim_rejected', '0.55'],
    ]);
    expect(() =>
      assembleStatement({
        tenantId: 't-1',
        periodId: '2025-02',
        lines,
        deductions: r.deductions,
        programmes: [onBill],
        charges: [{ ...charges[0], amount: new Decimal('-1') }],
      }),
    ).toThrow(ValidationError);
    expect(() =>
      assembleStatement({
        tenantId: 't-1',
        periodId: '2025-02',
        lines,
        deductions: r.deductions,
        programmes: [onBill],
        charges: [{ ...charges[0], amount: new Decimal('1.001') }],
      }),
    ).toThrow(/charges\[0\]\.amount/);
  });

  it('shows on-bill deductions apart from reimbursed subsidies and the net payable', () => {
    const s = assembleStatement({
      tenantId: 't-1',
      periodId: '2025-02',
      lines,
      deductions: r.deductions,
      programmes: [onBill, reimbursed],
    });
    expect(s.totals).toEqual({
      gross: '1140.00',
      usage: '1050.00',
      adjustments: '90.00',
      deductions: '330.00',
      reimbursable: '220.00',
      charges: '0.00',
      netPayable: '810.00',
    });
    expect(s.lines.map((l) => [l.lineId, l.amount, l.onBillDeductions, l.reimbursable, l.net])).toEqual([
      ['2025-02/a', '1000.00', '300.00', '200.00', '700.00'],
      ['2025-02/true-up', '50.00', '0.00', '0.00', '50.00'],
    ]);
    expect(s.adjustments.map((a) => [a.periodId, a.subtotal, a.lines.map((l) => l.net)])).toEqual([
      ['2024-12', '100.00', ['70.00']],
      ['2025-01', '-10.00', ['-10.00']],
    ]);
    expect(s.deductionsByProgramme.map((p) => [p.programmeId, p.mechanism, p.amount, p.funders])).toEqual([
      ['on-bill', 'on_bill', '330.00', [{ funderId: 'guizhou-big-data-bureau', amount: '330.00' }]],
      [
        'reimbursed',
        'reimbursed',
        '220.00',
        [
          { funderId: 'province', amount: '110.00' },
          { funderId: 'city', amount: '110.00' },
        ],
      ],
    ]);
  });

  it('refuses lines of a later period, of another tenant, or unrounded', () => {
    try {
      assembleStatement({
        tenantId: 't-1',
        periodId: '2025-01',
        lines: [
          lines[0],
          { ...lines[2], tenantId: 't-2' },
          { ...lines[3], lineId: 'u', amount: lines[3].amount.plus('0.001') },
        ],
        deductions: [],
        programmes: [],
      });
      throw new Error('expected ValidationError');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues.map((i) => i.path)).toEqual([
        'lines[0].periodId',
        'lines[1].tenantId',
        'lines[2].amount',
      ]);
    }
  });
});
