import { formValuesOf, nextMonthFirstDay, rulesVersionBody, switchedRatio } from './rules-form-values';

describe('the rules form values', () => {
  it('starts a new version on the first day of next month in Asia/Shanghai', () => {
    // 2026-12-31 17:00 UTC is already 2027-01-01 in Shanghai
    expect(nextMonthFirstDay(new Date('2026-12-31T17:00:00Z'))).toBe('2027-02-01');
    expect(nextMonthFirstDay(new Date('2026-12-31T15:00:00Z'))).toBe('2027-01-01');
  });

  it('keeps the keys the form does not show and leaves out what was emptied', () => {
    const rules = {
      ratio: '0.6',
      window: { from: '2026-01-01', to: '2026-12-31' },
      caps: { perTenantPerYear: '60000.00' },
      pool: { yearlyBudget: '5000000.00' },
    };
    const values = formValuesOf(rules);
    expect(values).toMatchObject({ ratioMode: 'flat', poolOn: true });
    values.rules.caps = { perTenantPerYear: '', maxFaceValue: '100.00' };
    values.poolOn = false;
    expect(rulesVersionBody({ ...values, effectiveFrom: '2027-01-01' })).toEqual({
      effectiveFrom: '2027-01-01',
      rules: { ratio: '0.6', window: rules.window, caps: { maxFaceValue: '100.00' }, pool: null },
    });
  });

  it('turns a flat ratio into the first tier and back', () => {
    expect(switchedRatio('0.3', 'tiers')).toEqual({ tiers: [{ ratio: '0.3' }], fallback: null });
    expect(switchedRatio({ tiers: [{ ratio: '0.2' }, { ratio: '0.1' }] }, 'flat')).toBe('0.2');
  });
});
