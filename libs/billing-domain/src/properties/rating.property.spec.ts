import fc from 'fast-check';
import { Decimal, ROUNDING_RULES, ZERO, sum } from '@park/money';
import { charge } from '../pricing/price-model';
import { buildPriceBook, type PriceBook } from '../pricing/price-book';
import type { PriceModelSpec } from '../pricing/price-model';
import { buildContract } from '../pricing/contract';
import { buildRateUsageInput } from '../rating/rate-usage.input';
import { rateUsage } from '../rating/rate-usage';
import { aCatalogue, LIST_PRICES, SKUS } from '../testing/builders';
import { periodOf } from '../time/shanghai-calendar';
import { splitProRata } from '../time/split-pro-rata';
import { priceModel, roundingRule } from './arbitraries';

const HOUR = 3_600_000;
const JAN_1 = Date.UTC(2024, 11, 31, 16); // 2025-01-01 00:00 Shanghai
const skuCodes = [SKUS.h100.code, SKUS.ascend.code, SKUS.cpu.code, SKUS.storage.code];
const catalogue = aCatalogue();
const factorOf = (code: string) => catalogue.get(code)?.billingUnit.factor ?? new Decimal(1);

const quantity = fc
  .integer({ min: 0, max: 10_000_000 })
  .chain((n) => fc.constantFrom(0, 1, 3).map((dp) => new Decimal(n).dividedBy(10 ** dp).toFixed()));

const usage = fc.array(
  fc.record({
    sku: fc.constantFrom(...skuCodes),
    jobType: fc.constantFrom('training' as const, 'inference' as const),
    hour: fc.integer({ min: 0, max: 24 * 90 }),
    quantity,
  }),
  { maxLength: 30 },
);

const book = fc
  .array(
    fc.record({
      minute: fc.integer({ min: 0, max: 60 * 24 * 90 }),
      rounding: roundingRule,
      models: fc.tuple(...skuCodes.map(() => priceModel)),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((versions) =>
    buildPriceBook({
      id: 'prop',
      versions: [...new Map(versions.map((v, i) => [i === 0 ? 0 : v.minute, v])).entries()]
        .sort(([a], [b]) => a - b)
        .map(([minute, v], i) => ({
          version: i + 1,
          effectiveFrom: new Date(JAN_1 - HOUR + minute * 60_000),
          rounding: v.rounding,
          prices: { ...LIST_PRICES, ...Object.fromEntries(skuCodes.map((c, k) => [c, v.models[k]])) },
        })),
    }),
  );

const contract = fc.option(
  fc.record({
    discount: fc.integer({ min: 0, max: 100 }),
    override: fc.option(priceModel, { nil: undefined }),
    commitment: fc.option(
      fc.integer({ min: 0, max: 10_000_000 }).map((f) => new Decimal(f).dividedBy(100).toFixed(2)),
      { nil: null },
    ),
    startHour: fc.integer({ min: 0, max: 24 * 60 }),
  }),
  { nil: null },
);

interface UsageRow {
  readonly sku: string;
  readonly jobType: 'training' | 'inference';
  readonly hour: number;
  readonly quantity: string;
}
interface ContractRow {
  readonly discount: number;
  readonly override?: PriceModelSpec;
  readonly commitment: string | null;
  readonly startHour: number;
}

const toInput = (s: { book: PriceBook; usage: readonly UsageRow[]; contract: ContractRow | null }) =>
  buildRateUsageInput({
    tenantId: 't-1',
    catalogue,
    priceBook: s.book,
    contracts: s.contract
      ? [
          buildContract({
            id: 'c-1',
            tenantId: 't-1',
            effectiveFrom: new Date(JAN_1 + s.contract.startHour * HOUR),
            discountPercent: String(s.contract.discount),
            overrides: s.contract.override ? { [SKUS.h100.code]: s.contract.override } : {},
            committedMonthlySpend: s.contract.commitment,
          }),
        ]
      : [],
    usage: s.usage.map((u) => ({
      sku: u.sku,
      jobType: u.jobType,
      start: new Date(JAN_1 + u.hour * HOUR),
      quantity: u.quantity,
    })),
  });

describe('rating properties', () => {
  it('rounds each line once by its book rule: error < 1 分 for 分 rules, < 1 元 for 元 rules', () => {
    fc.assert(
      fc.property(book, usage, contract, (b, u, c) => {
        const r = rateUsage(toInput({ book: b, usage: u, contract: c }));
        for (const line of r.lines) {
          const rule = ROUNDING_RULES[line.rounding];
          expect(line.amount.decimalPlaces()).toBeLessThanOrEqual(2);
          expect(
            line.amount
              .minus(line.unroundedAmount)
              .abs()
              .lessThan(rule.decimals === 2 ? '0.01' : '1'),
          ).toBe(true);
          if (rule.code === 'HALF_UP_FEN')
            expect(line.amount.minus(line.unroundedAmount).abs().lessThanOrEqualTo('0.005')).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the total is the sum of the rounded lines, and no quantity is lost or doubled by splitting', () => {
    fc.assert(
      fc.property(book, usage, contract, (b, u, c) => {
        const r = rateUsage(toInput({ book: b, usage: u, contract: c }));
        expect(r.total.equals(sum(r.lines.map((l) => l.amount)))).toBe(true);
        for (const code of skuCodes) {
          const used = sum(u.filter((x) => x.sku === code).map((x) => new Decimal(x.quantity)));
          const billed = sum(r.lines.filter((l) => l.sku === code).map((l) => l.quantityBase));
          expect(billed.equals(used)).toBe(true);
        }
        const ids = r.lines.map((l) => l.lineId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const l of r.lines) expect(l.amount.isNegative()).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('with one book version, a month priced slice by slice costs what the whole month costs', () => {
    fc.assert(
      fc.property(book, usage, (b, u) => {
        const version = b.versions[0];
        const single = { ...b, versions: [version] };
        const r = rateUsage(toInput({ book: single, usage: u, contract: null }));
        const groups = new Map<string, Decimal>();
        for (const l of r.lines)
          groups.set(`${l.periodId}|${l.sku}`, (groups.get(`${l.periodId}|${l.sku}`) ?? ZERO).plus(l.unroundedAmount));
        for (const [key, unrounded] of groups) {
          const [periodId, code] = key.split('|');
          const total = sum(
            u
              .filter((x) => x.sku === code && periodOf(new Date(JAN_1 + x.hour * HOUR)) === periodId)
              .map((x) => new Decimal(x.quantity)),
          ).dividedBy(factorOf(code));
          const model = version.prices.get(code);
          if (!model) throw new Error('no model');
          const whole = charge(model, { quantity: total, monthBefore: ZERO, monthTotal: total }).amount;
          expect(unrounded.minus(whole).abs().lessThan('1e-30')).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the usage order in the input does not change the lines', () => {
    fc.assert(
      fc.property(book, usage, contract, (b, u, c) => {
        const a = rateUsage(toInput({ book: b, usage: u, contract: c }));
        const z = rateUsage(toInput({ book: b, usage: [...u].reverse(), contract: c }));
        const view = (r: typeof a) => r.lines.map((l) => [l.lineId, l.amount.toFixed(2), l.quantityBase.toFixed()]);
        expect(view(z)).toEqual(view(a));
      }),
      { numRuns: 100 },
    );
  });

  it('pro-rata splitting: parts are non-negative and sum exactly to the whole', () => {
    fc.assert(
      fc.property(
        quantity,
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.array(fc.integer({ min: -5, max: 10_000_005 }), { maxLength: 6 }),
        (q, len, cuts) => {
          const start = new Date(JAN_1);
          const parts = splitProRata({
            start,
            end: new Date(JAN_1 + len),
            quantity: new Decimal(q),
            cuts: cuts.map((c) => new Date(JAN_1 + c)),
          });
          expect(sum(parts.map((p) => p.quantity)).equals(new Decimal(q))).toBe(true);
          for (const p of parts) expect(p.quantity.isNegative()).toBe(false);
          expect(parts[0].start.getTime()).toBe(JAN_1);
          expect(parts[parts.length - 1].end.getTime()).toBe(JAN_1 + len);
        },
      ),
    );
  });
});
