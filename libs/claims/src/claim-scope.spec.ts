import { Decimal, formatAmount, sum } from '@park/money';
import { WHOLE_STATEMENT, claimContractKey, inScope, ledgerShare, statementsTaken } from './claim-scope';

/**
 * Scenario (issue 12 item 2): one July statement bills two contracts of a tenant (HT-A to 07-15, HT-B from 07-15)
 * plus a line under no contract. A per-contract programme claims HT-A and HT-B once each; a quarterly programme
 * claims the statement once.
 */
describe('claim scope: programme × statement × contract', () => {
  const S = 'stmt-2026-07';
  const lines = [
    { statementId: S, lineId: 'L1', contractId: 'ct-A' },
    { statementId: S, lineId: 'L2', contractId: 'ct-B' },
    { statementId: S, lineId: 'L3', contractId: null },
  ];
  const deductions = [
    { statementId: S, lineId: 'L1', amount: '100.00' },
    { statementId: S, lineId: 'L2', amount: '40.50' },
    { statementId: S, lineId: 'L3', amount: '9.99' },
  ];
  const total = (ds: readonly { amount: string }[]) => formatAmount(sum(ds.map((d) => new Decimal(d.amount))));

  it('keys a per-contract claim by its contract and a quarterly or yearly claim by the whole statement', () => {
    expect(claimContractKey('per_contract', 'ct-A')).toBe('ct-A');
    expect(claimContractKey('quarterly', '2026-Q3')).toBe(WHOLE_STATEMENT);
    expect(claimContractKey('yearly', '2026')).toBe(WHOLE_STATEMENT);
  });

  it("gives each contract's claim its own contract's redemptions, and a whole-statement claim all of them", () => {
    expect(total(inScope(deductions, lines, 'ct-A'))).toBe('100.00');
    expect(total(inScope(deductions, lines, 'ct-B'))).toBe('40.50');
    expect(inScope(deductions, lines, 'ct-C')).toEqual([]);
    expect(total(inScope(deductions, lines, WHOLE_STATEMENT))).toBe('150.49');
  });

  it('lets the second contract claim a statement the first has taken, once, and a whole statement never twice', () => {
    expect(statementsTaken([], 'ct-A')).toEqual([]);
    const afterA = [{ statementId: S, contractId: 'ct-A' }];
    expect(statementsTaken(afterA, 'ct-B')).toEqual([]);
    expect(statementsTaken(afterA, 'ct-A')).toEqual([S]);
    const afterB = [...afterA, { statementId: S, contractId: 'ct-B' }];
    expect(statementsTaken(afterB, 'ct-B')).toEqual([S]);
    // a quarterly claim does not take a statement a contract's claim is on, nor the other way round
    expect(statementsTaken(afterA, WHOLE_STATEMENT)).toEqual([S]);
    expect(statementsTaken([{ statementId: S, contractId: WHOLE_STATEMENT }], 'ct-A')).toEqual([S]);
    expect(statementsTaken([{ statementId: S, contractId: WHOLE_STATEMENT }], WHOLE_STATEMENT)).toEqual([S]);
  });

  it("reconciles each contract's claim with its share of the ledger, and both together with all of it", () => {
    const postings = new Decimal('150.49');
    const share = (key: string) =>
      formatAmount(
        ledgerShare({
          postings,
          statementDeductions: new Decimal(total(deductions)),
          coveredDeductions: new Decimal(total(inScope(deductions, lines, key))),
        }),
      );
    expect(share('ct-A')).toBe('100.00');
    expect(share('ct-B')).toBe('40.50');
    expect(share(WHOLE_STATEMENT)).toBe('150.49');
    // a ledger that disagrees with the deductions shows in every share
    expect(
      formatAmount(
        ledgerShare({
          postings: new Decimal('150.00'),
          statementDeductions: new Decimal('150.49'),
          coveredDeductions: new Decimal('100.00'),
        }),
      ),
    ).toBe('99.51');
  });
});
