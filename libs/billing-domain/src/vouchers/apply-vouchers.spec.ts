import { ZERO } from '@park/money';
import { ValidationError } from '../errors/validation.error';
import { aGrant, aLine, aProgramme, applyChecked, balanceAfter } from '../testing/builders';
import { buildApplyVouchersInput } from './apply-vouchers.input';

describe('applyVouchers', () => {
  const programme = aProgramme();

  it('uses grants of one programme earliest expiry first, then by id; a later grant only tops up', () => {
    const r = applyChecked({
      asOf: '2025-02-03',
      tenant: { id: 't-1' },
      programmes: [programme],
      grants: [
        aGrant({ id: 'g-b', faceValue: '1000.00', validTo: '2025-06-30' }),
        aGrant({ id: 'g-late', faceValue: '1000.00', validTo: '2025-12-31' }),
        aGrant({ id: 'g-a', faceValue: '1000.00', validTo: '2025-06-30' }),
      ],
      lines: [aLine({ lineId: 'jan', amount: '10000.00' })],
    });
    expect(
      r.deductions.map((d) => [
        d.grantId,
        d.coveredBefore.toFixed(2),
        d.target.toFixed(2),
        d.amount.toFixed(2),
        d.boundBy,
      ]),
    ).toEqual([
      ['g-a', '0.00', '3000.00', '1000.00', 'grant_balance'],
      ['g-b', '1000.00', '2000.00', '1000.00', 'grant_balance'],
      ['g-late', '2000.00', '1000.00', '1000.00', 'grant_balance'],
    ]);
  });

  it('skips suspended and revoked grants, and grants tied to another contract', () => {
    const r = applyChecked({
      asOf: '2025-02-03',
      tenant: { id: 't-1' },
      programmes: [programme],
      grants: [
        aGrant({ id: 'g-s', status: 'suspended' }),
        aGrant({ id: 'g-r', status: 'revoked' }),
        aGrant({ id: 'g-c', contractId: 'c-other' }),
      ],
      lines: [aLine({ lineId: 'jan', amount: '100.00', contractId: 'c-1' })],
    });
    expect(r.deductions).toEqual([]);
    expect(r.notes.map((n) => [n.grantId, n.reason])).toEqual([
      ['g-c', 'grant_for_other_contract'],
      ['g-r', 'grant_not_active'],
      ['g-s', 'grant_not_active'],
    ]);
  });

  it('respects the per-tenant cumulative cap across years', () => {
    const capped = aProgramme({ caps: { perTenantCumulative: '1000.00' } });
    const r = applyChecked({
      asOf: '2026-02-03',
      tenant: { id: 't-1' },
      programmes: [capped],
      grants: [aGrant({ validTo: '2026-12-31' })],
      state: { tenantCumulative: [{ programmeId: capped.id, tenantId: 't-1', used: '900.00' }] },
      lines: [aLine({ lineId: 'jan', periodId: '2026-01', amount: '10000.00' })],
    });
    expect(r.deductions.map((d) => [d.amount.toFixed(2), d.boundBy])).toEqual([['100.00', 'tenant_cumulative_cap']]);
    expect(r.state.tenantCumulative[0].used.toFixed(2)).toBe('1000.00');
  });

  it('gives nothing on commitment true-ups and on zero or negative lines', () => {
    const r = applyChecked({
      asOf: '2025-02-03',
      tenant: { id: 't-1' },
      programmes: [programme],
      grants: [aGrant()],
      lines: [
        aLine({ lineId: 'true-up', amount: '500.00', kind: 'commitment' }),
        aLine({ lineId: 'credit', amount: '-20.00' }),
        aLine({ lineId: 'zero', amount: '0.00' }),
      ],
    });
    expect(r.deductions).toEqual([]);
    expect(r.notes.map((n) => [n.lineId, n.reason])).toEqual([
      ['credit', 'line_not_positive'],
      ['true-up', 'not_usage_line'],
      ['zero', 'line_not_positive'],
    ]);
    expect(balanceAfter(r, 'g-1')).toBe('300000.00');
  });

  it('does not modify its input', () => {
    const input = buildApplyVouchersInput({
      asOf: '2025-02-03',
      tenant: { id: 't-1' },
      programmes: [programme],
      grants: [aGrant()],
      lines: [aLine({ lineId: 'jan', amount: '100.00' })],
    });
    const before = JSON.stringify(input);
    applyChecked({
      asOf: '2025-02-03',
      tenant: { id: 't-1' },
      programmes: [programme],
      grants: input.grants,
      lines: input.lines,
    });
    expect(JSON.stringify(input)).toBe(before);
    expect(input.grants[0].balance.equals(ZERO)).toBe(false);
  });

  it('reports every problem of its input at once', () => {
    try {
      buildApplyVouchersInput({
        asOf: '2025-02-30',
        tenant: { id: 't-1' },
        programmes: [programme, programme, aProgramme({ id: 'grouped', stackingGroup: 'nowhere' })],
        grants: [aGrant({ programmeId: 'missing' }), aGrant({ tenantId: 't-2' })],
        lines: [aLine({ lineId: 'x', amount: '1.00' }), aLine({ lineId: 'x', amount: '1.00', periodId: '2025-13' })],
        state: { poolYear: [{ programmeId: programme.id, year: 2025, used: '-1.00' }] },
      });
      throw new Error('expected ValidationError');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues.map((i) => i.path)).toEqual([
        'asOf',
        'lines[1].lineId',
        'lines[1].periodId',
        'programmes[1].id',
        'programmes[2].stackingGroup',
        'grants[0].programmeId',
        'grants[1].id',
        'grants[1].tenantId',
        'state.poolYear[0].used',
      ]);
    }
  });

  it('refuses lines of a period after the as-of date', () => {
    expect(() =>
      buildApplyVouchersInput({
        asOf: '2025-02-03',
        tenant: { id: 't-1' },
        programmes: [programme],
        grants: [],
        lines: [aLine({ lineId: 'mar', periodId: '2025-03', amount: '1.00' })],
      }),
    ).toThrow('2025-03 is after the as-of date 2025-02-03');
  });
});
