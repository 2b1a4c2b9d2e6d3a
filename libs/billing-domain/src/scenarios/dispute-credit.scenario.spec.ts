// Issue 16 item 5: a tenant disputes a statement line; the operator accepts it (in full or in part) or rejects it.
// An accepted dispute credits the tenant on its next statement, and the vouchers that paid part of the line take
// back their share of the credited amount: tenant credit + on-bill voucher reversal = credited, exact to the 分.
import { Decimal, sum } from '@park/money';
import { disputeCredit, type DisputedDeduction } from '../disputes/dispute-credit';
import { assembleStatement } from '../statement/assemble-statement';
import { aGrant, aLine, aProgramme, applyChecked } from '../testing/builders';

describe('scenario: a disputed statement line', () => {
  const programme = aProgramme({ ratio: '0.30' });
  const line = aLine({ lineId: '2025-01/ai', periodId: '2025-01', amount: '1000.00' });
  const applied = applyChecked({
    asOf: '2025-01-31',
    tenant: { id: 't-1' },
    lines: [line],
    programmes: [programme],
    grants: [{ ...aGrant(), balance: '300000.00' }],
  });
  const deductions: DisputedDeduction[] = applied.deductions.map((d) => ({
    deductionId: d.deductionId,
    grantId: d.grantId,
    programmeId: d.programmeId,
    mechanism: d.mechanism,
    year: d.year,
    amount: d.amount,
  }));
  const credit = (credited: string, ds = deductions, lineAmount = '1000.00') =>
    disputeCredit({ lineAmount: new Decimal(lineAmount), credited: new Decimal(credited), deductions: ds });

  it('the line as issued: 1,000.00, 300.00 of it paid by the voucher, 700.00 by the tenant', () => {
    expect(deductions.map((d) => [d.grantId, d.mechanism, d.amount.toFixed(2)])).toEqual([
      ['g-1', 'on_bill', '300.00'],
    ]);
  });

  it('accepted in full: the voucher takes back all 300.00, the tenant is credited the 700.00 it paid', () => {
    const c = credit('1000.00');
    expect(c.reversals.map((r) => [r.grantId, r.year, r.amount.toFixed(2)])).toEqual([['g-1', 2025, '300.00']]);
    expect(c.tenantCredit.toFixed(2)).toBe('700.00');
    expect(c.tenantCredit.plus(c.onBillReversal).toFixed(2)).toBe('1000.00');
  });

  it('accepted in part (333.33 of 1,000.00): the voucher gives back 99.99 (truncated), the tenant 233.34', () => {
    const c = credit('333.33');
    // 333.33 × 300 / 1000 = 99.999 → 99.99: a voucher never gives back more than its share
    expect(c.onBillReversal.toFixed(2)).toBe('99.99');
    expect(c.tenantCredit.toFixed(2)).toBe('233.34');
    expect(c.tenantCredit.plus(c.onBillReversal).toFixed(2)).toBe('333.33');
  });

  it('accepted on the next statement: a negative charge lowers the net payable by the tenant credit', () => {
    const c = credit('333.33');
    const next = assembleStatement({
      tenantId: 't-1',
      periodId: '2025-02',
      lines: [aLine({ lineId: '2025-02/ai', periodId: '2025-02', amount: '500.00' })],
      deductions: [],
      programmes: [programme],
      charges: [
        {
          chargeId: 'dsp-1',
          kind: 'dispute_credit',
          programmeId: null,
          grantId: null,
          reason: 'dispute of 2025-01/ai accepted',
          amount: c.tenantCredit.negated(),
        },
      ],
    });
    expect(next.totals.charges).toBe('-233.34');
    expect(next.totals.netPayable).toBe('266.66');
  });

  it('a reimbursed voucher: the tenant paid the whole line, so it is credited in full; the subsidy shrinks', () => {
    const reimbursed = deductions.map((d) => ({ ...d, mechanism: 'reimbursed' as const }));
    const c = credit('500.00', reimbursed);
    expect(c.reimbursedReversal.toFixed(2)).toBe('150.00');
    expect(c.onBillReversal.toFixed(2)).toBe('0.00');
    expect(c.tenantCredit.toFixed(2)).toBe('500.00');
  });

  it('two vouchers on one line each give back their own share; the sum stays exact to the 分', () => {
    const two: DisputedDeduction[] = [
      { ...deductions[0], deductionId: 'a', grantId: 'g-1', amount: new Decimal('200.01') },
      { ...deductions[0], deductionId: 'b', grantId: 'g-2', amount: new Decimal('99.99') },
    ];
    const c = credit('0.07', two);
    // 0.07 × 200.01 / 1000 = 0.014 → 0.01; 0.07 × 99.99 / 1000 = 0.0069 → 0.00 (left out)
    expect(c.reversals.map((r) => [r.grantId, r.amount.toFixed(2)])).toEqual([['g-1', '0.01']]);
    expect(c.tenantCredit.toFixed(2)).toBe('0.06');
    expect(
      sum(c.reversals.map((r) => r.amount))
        .plus(c.tenantCredit)
        .toFixed(2),
    ).toBe('0.07');
  });

  it('a second dispute of the same line works on what still stands (line and deductions net of the first)', () => {
    const first = credit('400.00');
    const left = deductions.map((d) => ({ ...d, amount: d.amount.minus(first.reversals[0].amount) }));
    const second = credit('600.00', left, '600.00');
    expect([first.onBillReversal.toFixed(2), second.onBillReversal.toFixed(2)]).toEqual(['120.00', '180.00']);
    expect(first.tenantCredit.plus(second.tenantCredit).toFixed(2)).toBe('700.00');
  });

  it('refused: more than what stands of the line, or nothing, with the problem named', () => {
    expect(() => credit('1000.01')).toThrow(/credited: at most the line's amount 1000.00/);
    expect(() => credit('0.00')).toThrow(/credited: a positive amount/);
  });
});
