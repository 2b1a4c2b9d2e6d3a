// A dispute credit larger than the next bill: the statement it lands on is settled at 0.00, never negative, and the
// rest of the credit is carried to the statement after (statement/statement-credits.ts). A finance department does
// not issue a negative bill, and a negative balance could never read as paid (overpayment is refused).
import { Decimal, sum } from '@park/money';
import { assembleStatement, type StatementCharge } from '../statement/assemble-statement';
import { chargeWrites, type ChargeWrites } from '../statement/statement-credits';
import { statusAtIssue } from '../statement/settlement';
import type { StatementView } from '../statement/statement.types';
import type { PeriodId } from '../time/shanghai-calendar';
import { aGrant, aLine, aProgramme, applyChecked } from '../testing/builders';

const credit = (chargeId: string, amount: string, reason = 'dispute of 2025-01/ai accepted'): StatementCharge => ({
  chargeId,
  kind: 'dispute_credit',
  programmeId: null,
  grantId: null,
  reason,
  amount: new Decimal(amount),
});

const clawback = (chargeId: string, amount: string): StatementCharge => ({
  chargeId,
  kind: 'clawback',
  programmeId: 'p-1',
  grantId: 'g-x',
  reason: '追缴 fraud',
  amount: new Decimal(amount),
});

const statement = (periodId: PeriodId, amounts: readonly string[], charges: readonly StatementCharge[]) =>
  assembleStatement({
    tenantId: 't-1',
    periodId,
    lines: amounts.map((amount, i) => aLine({ lineId: `${periodId}/${i}`, periodId, amount })),
    deductions: [],
    programmes: [],
    charges,
  });

const writesOf = (view: StatementView) =>
  chargeWrites({ periodId: view.periodId, number: `JS-${view.periodId.replace('-', '')}-t-1`, charges: view.charges });

/** The pending charges the next statement reads: the rows split off, as the issuing transaction inserts them. */
const pendingAfter = (writes: ChargeWrites): StatementCharge[] =>
  writes.carried.map((c) => ({ ...c, chargeId: c.id, amount: new Decimal(c.amount) }));

describe('scenario: a credit larger than the next bill is carried forward', () => {
  // credit 500.00 of an accepted dispute; February's bill is 300.00, March's 1,000.00
  const feb = statement('2025-02', ['300.00'], [credit('dsp-1', '-500.00')]);
  const febWrites = writesOf(feb);
  const mar = statement('2025-03', ['1000.00'], pendingAfter(febWrites));
  const marWrites = writesOf(mar);

  it('February: 300.00 of the credit applied, net payable 0.00 (not -200.00), 200.00 carried forward', () => {
    expect(feb.totals).toMatchObject({
      gross: '300.00',
      charges: '-300.00',
      creditApplied: '-300.00',
      creditCarriedForward: '-200.00',
      netPayable: '0.00',
    });
    expect(feb.charges).toEqual([
      expect.objectContaining({ chargeId: 'dsp-1', amount: '-300.00', credit: '-500.00', carriedForward: '-200.00' }),
    ]);
  });

  it('February is settled from its issue: nothing to pay reads as paid, not unpaid for ever', () => {
    expect(statusAtIssue(feb.totals.netPayable)).toBe('paid');
    expect(statusAtIssue('0.01')).toBe('issued');
  });

  it('issuing February bills the credit at 300.00 and splits off a pending 200.00 that names it', () => {
    expect(febWrites.billed).toEqual([{ chargeId: 'dsp-1', amount: '-300.00' }]);
    expect(febWrites.carried).toEqual([
      {
        id: 'dsp-1~2025-02',
        kind: 'dispute_credit',
        programmeId: null,
        grantId: null,
        sourceId: 'dsp-1',
        amount: '-200.00',
        reason: 'dispute of 2025-01/ai accepted (结转 carried forward from JS-202502-t-1)',
      },
    ]);
  });

  it('March applies the 200.00 in full: net payable 800.00, nothing left to carry', () => {
    expect(mar.totals).toMatchObject({
      gross: '1000.00',
      charges: '-200.00',
      creditApplied: '-200.00',
      creditCarriedForward: '0.00',
      netPayable: '800.00',
    });
    expect(statusAtIssue(mar.totals.netPayable)).toBe('issued');
    expect(marWrites).toEqual({ billed: [{ chargeId: 'dsp-1~2025-02', amount: '-200.00' }], carried: [] });
  });

  it('the rows billed for the credit add up to what the dispute credited, exactly', () => {
    const billed = [...febWrites.billed, ...marWrites.billed].map((b) => new Decimal(b.amount));
    expect(sum(billed).toFixed(2)).toBe('-500.00');
  });

  it('a credit beyond a bill after vouchers: the room is what the tenant would pay (1,000.00 − 30 % = 700.00)', () => {
    const programme = aProgramme({ ratio: '0.30' });
    const lines = [aLine({ lineId: '2025-02/ai', periodId: '2025-02', amount: '1000.00' })];
    const applied = applyChecked({
      asOf: '2025-02-28',
      tenant: { id: 't-1' },
      lines,
      programmes: [programme],
      grants: [{ ...aGrant(), balance: '300000.00' }],
    });
    const view = assembleStatement({
      tenantId: 't-1',
      periodId: '2025-02',
      lines,
      deductions: applied.deductions,
      programmes: [programme],
      charges: [credit('dsp-1', '-900.00')],
    });
    expect(view.totals).toMatchObject({ deductions: '300.00', charges: '-700.00', netPayable: '0.00' });
    expect(view.totals.creditCarriedForward).toBe('-200.00');
  });

  it('a charge billed back on the same statement is billed whole, and the credit covers it too', () => {
    const view = statement('2025-02', ['100.00'], [clawback('chg-1', '50.00'), credit('dsp-1', '-500.00')]);
    expect(view.charges.map((c) => [c.chargeId, c.amount, c.carriedForward])).toEqual([
      ['chg-1', '50.00', undefined],
      ['dsp-1', '-150.00', '-350.00'],
    ]);
    expect(view.totals).toMatchObject({ charges: '-100.00', creditCarriedForward: '-350.00', netPayable: '0.00' });
  });

  it('two credits: the oldest first; only the one the room runs out in is split', () => {
    const view = statement('2025-02', ['300.00'], [credit('dsp-1', '-100.00'), credit('dsp-2', '-250.00')]);
    expect(view.charges.map((c) => [c.chargeId, c.amount, c.carriedForward])).toEqual([
      ['dsp-1', '-100.00', '0.00'],
      ['dsp-2', '-200.00', '-50.00'],
    ]);
    const writes = writesOf(view);
    expect(writes.billed.map((b) => b.chargeId)).toEqual(['dsp-1', 'dsp-2']);
    expect(writes.carried.map((c) => [c.id, c.sourceId, c.amount])).toEqual([['dsp-2~2025-02', 'dsp-2', '-50.00']]);
  });

  it('a statement with nothing to pay applies nothing: the credit is shown, not billed, stays pending whole', () => {
    const view = statement('2025-02', [], [credit('dsp-1', '-500.00')]);
    expect(view.charges).toEqual([expect.objectContaining({ amount: '0.00', carriedForward: '-500.00' })]);
    expect(view.totals).toMatchObject({ charges: '0.00', creditApplied: '0.00', netPayable: '0.00' });
    expect(writesOf(view)).toEqual({ billed: [], carried: [] });
  });

  it('a rest carried again keeps one note and the first credit id: a chain of rows stays readable', () => {
    const again = statement('2025-03', ['50.00'], pendingAfter(febWrites));
    expect(writesOf(again).carried.map((c) => [c.id, c.sourceId, c.amount, c.reason])).toEqual([
      [
        'dsp-1~2025-03',
        'dsp-1~2025-02',
        '-150.00',
        'dispute of 2025-01/ai accepted (结转 carried forward from JS-202503-t-1)',
      ],
    ]);
  });

  it('without a credit the view is as before: no credit fields, no credit totals', () => {
    const view = statement('2025-02', ['100.00'], [clawback('chg-1', '50.00')]);
    expect(view.charges[0]).not.toHaveProperty('carriedForward');
    expect(view.totals).not.toHaveProperty('creditCarriedForward');
    expect(view.totals.netPayable).toBe('150.00');
  });
});
