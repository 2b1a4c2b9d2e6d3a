import { claimRulesPeriod } from './claim-rules';

describe("the period whose rules a claim follows: its cycle's end", () => {
  it("is a quarter's or a year's last month", () => {
    expect(claimRulesPeriod({ cadence: 'quarterly', cycle: '2026-Q4', linePeriods: ['2026-10'] })).toBe('2026-12');
    expect(claimRulesPeriod({ cadence: 'quarterly', cycle: '2026-Q1', linePeriods: [] })).toBe('2026-03');
    expect(claimRulesPeriod({ cadence: 'yearly', cycle: '2026', linePeriods: ['2026-02'] })).toBe('2026-12');
    expect(() => claimRulesPeriod({ cadence: 'quarterly', cycle: '2026', linePeriods: [] })).toThrow(/not a quarterly/);
  });

  it("per contract, is the month of the contract's last day (Asia/Shanghai), else its latest line's", () => {
    const perContract = (contractEnd: Date | null, linePeriods: string[] = ['2026-03', '2026-07', '2026-05']) =>
      claimRulesPeriod({ cadence: 'per_contract', cycle: 'ct-1', contractEnd, linePeriods });
    // the end is exclusive: a contract up to 2027-01-01 00:00 Shanghai ends in December
    expect(perContract(new Date('2026-12-31T16:00:00Z'))).toBe('2026-12');
    expect(perContract(new Date('2026-12-31T16:00:01Z'))).toBe('2027-01');
    expect(perContract(null)).toBe('2026-07');
    expect(() => perContract(null, [])).toThrow(/no lines/);
  });
});
