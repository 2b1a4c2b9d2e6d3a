import fc from 'fast-check';
import { Decimal, ROUNDING_RULES, sum } from '@park/money';
import { applyVouchers } from '../vouchers/apply-vouchers';
import { buildApplyVouchersInput } from '../vouchers/apply-vouchers.input';
import { closeTenantsInOrder } from '../vouchers/close-tenants';
import { buildGrant } from '../vouchers/grant';
import { checkInvariants } from '../vouchers/invariants';
import { grantsFor, lines, programmes, stateFor } from './arbitraries';

const scenario = programmes.chain((ps) =>
  fc.record({
    programmes: fc.constant(ps),
    grants: grantsFor('t-1', ps),
    lines: lines('t-1'),
    state: stateFor('t-1', ps),
    ceilings: fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })),
    flags: fc.subarray(['startup', 'in_province']),
  }),
);

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;
const pct = (n: number) => new Decimal(n).dividedBy(100).toFixed();

const inputOf = (s: Scenario) =>
  buildApplyVouchersInput({
    asOf: '2025-07-05',
    tenant: { id: 't-1', flags: s.flags },
    lines: s.lines,
    programmes: s.programmes,
    grants: s.grants,
    state: s.state,
    stackingGroups: [
      { id: 'g1', ceiling: pct(s.ceilings[0]) },
      { id: 'g2', ceiling: pct(s.ceilings[1]) },
    ],
  });

describe('voucher engine properties', () => {
  it('never breaks the ledger invariants (balance, line amount, caps, pool, ceiling, best-of, funding)', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const input = inputOf(s);
        const r = applyVouchers(input);
        expect(
          checkInvariants({
            lines: input.lines,
            grants: input.grants,
            programmes: input.programmes,
            stackingGroups: input.stackingGroups,
            deductions: r.deductions,
            state: r.state,
          }),
        ).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('each deduction is positive, in 分, within what the ratio asks, and rounded once by its rule', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const r = applyVouchers(inputOf(s));
        for (const d of r.deductions) {
          expect(d.amount.greaterThan(0)).toBe(true);
          expect(d.amount.decimalPlaces()).toBeLessThanOrEqual(2);
          expect(d.amount.lessThanOrEqualTo(d.target)).toBe(true);
          expect(d.amount.lessThanOrEqualTo(d.balanceBefore)).toBe(true);
          const rule = ROUNDING_RULES[d.rule.rounding];
          const error = d.rounded.minus(d.raw).abs();
          expect(error.lessThan(rule.decimals === 2 ? '0.01' : '1')).toBe(true);
          if (rule.mode === 'truncate') expect(d.rounded.lessThanOrEqualTo(d.raw)).toBe(true);
          expect(sum(d.funding.map((f) => f.amount)).equals(d.amount)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('balances and counters move by exactly what was deducted', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const input = inputOf(s);
        const r = applyVouchers(input);
        for (const g of r.grantBalances) {
          const spent = sum(r.deductions.filter((d) => d.grantId === g.grantId).map((d) => d.amount));
          expect(g.before.minus(g.after).equals(spent)).toBe(true);
        }
        const before = sum(input.state.poolYear.map((p) => p.used));
        const after = sum(r.state.poolYear.map((p) => p.used));
        expect(after.minus(before).equals(sum(r.deductions.map((d) => d.amount)))).toBe(true);
        for (const l of r.lines) expect(l.net.equals(l.amount.minus(l.onBill))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic: the order of lines, grants and programmes in the input does not matter', () => {
    fc.assert(
      fc.property(scenario, fc.func(fc.integer()), (s, key) => {
        const shuffle = <T>(xs: readonly T[]) =>
          [...xs]
            .map((x, i) => ({ x, k: key(i) }))
            .sort((a, b) => a.k - b.k)
            .map((e) => e.x);
        const a = applyVouchers(inputOf(s));
        const b = applyVouchers(
          inputOf({ ...s, lines: shuffle(s.lines), grants: shuffle(s.grants), programmes: shuffle(s.programmes) }),
        );
        const view = (r: typeof a) => JSON.stringify(r.deductions) + JSON.stringify(r.state);
        expect(view(b)).toBe(view(a));
      }),
      { numRuns: 150 },
    );
  });

  it('closing many tenants in order never overspends a shared pool', () => {
    const many = programmes.chain((ps) =>
      fc.record({
        programmes: fc.constant(ps),
        tenants: fc
          .array(
            fc
              .constantFrom('t-a', 't-b', 't-c', 't-d')
              .chain((id) => fc.record({ id: fc.constant(id), lines: lines(id), grants: grantsFor(id, ps) })),
            { maxLength: 4 },
          )
          .map((ts) => ts.filter((t, i) => ts.findIndex((o) => o.id === t.id) === i)),
      }),
    );
    fc.assert(
      fc.property(many, (s) => {
        const r = closeTenantsInOrder({
          asOf: '2025-07-05',
          programmes: s.programmes,
          stackingGroups: [
            { id: 'g1', ceiling: '1' },
            { id: 'g2', ceiling: '0.5' },
          ],
          tenants: s.tenants.map((t) => ({ tenant: { id: t.id }, lines: t.lines, grants: t.grants })),
        });
        const all = r.results.flatMap((x) => x.deductions);
        for (const p of s.programmes) {
          if (!p.pool) continue;
          expect(
            sum(all.filter((d) => d.programmeId === p.id).map((d) => d.amount)).lessThanOrEqualTo(p.pool.yearlyBudget),
          ).toBe(true);
        }
        expect(
          checkInvariants({
            lines: s.tenants.flatMap((t) => t.lines),
            grants: s.tenants.flatMap((t) => t.grants.map(buildGrant)),
            programmes: s.programmes,
            deductions: all,
            state: r.state,
          }),
        ).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
