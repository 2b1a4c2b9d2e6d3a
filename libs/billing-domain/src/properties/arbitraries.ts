// fast-check arbitraries shared by the property specs (not a spec itself).
import fc from 'fast-check';
import { Decimal, type RoundingRuleCode } from '@park/money';
import { JOB_TYPES, RESOURCE_CLASSES, type ResourceClass } from '../catalogue/resource-class';
import type { PriceModelSpec } from '../pricing/price-model';
import type { RatedLine } from '../rating/rated-line';
import { aLine, aJob, SKUS } from '../testing/builders';
import type { GrantSpec } from '../vouchers/grant';
import { buildProgramme, type Programme } from '../vouchers/programme';

/** A non-negative amount in 分 as a 2-dp string. */
export const fenString = (max: number): fc.Arbitrary<string> =>
  fc.integer({ min: 0, max }).map((fen) => new Decimal(fen).dividedBy(100).toFixed(2));

/** A ratio with up to 2 decimals in (0, 1]. */
export const ratioString = fc.integer({ min: 1, max: 100 }).map((p) => new Decimal(p).dividedBy(100).toFixed());

export const roundingRule: fc.Arbitrary<RoundingRuleCode> = fc.constantFrom(
  'HALF_UP_FEN',
  'TRUNCATE_YUAN',
  'HALF_UP_YUAN',
  'TRUNCATE_FEN',
);

/** A price with up to 6 decimals, below 100. */
export const unitPriceString = fc
  .integer({ min: 0, max: 100_000_000 })
  .map((micro) => new Decimal(micro).dividedBy(1_000_000).toFixed());

export const priceModel: fc.Arbitrary<PriceModelSpec> = fc.oneof(
  unitPriceString.map((unitPrice): PriceModelSpec => ({ kind: 'per_unit', unitPrice })),
  fc
    .record({
      kind: fc.constantFrom('tiered' as const, 'volume' as const),
      bounds: fc
        .uniqueArray(fc.integer({ min: 1, max: 500 }), { maxLength: 3 })
        .map((b) => [...b].sort((x, y) => x - y)),
      prices: fc.array(unitPriceString, { minLength: 4, maxLength: 4 }),
    })
    .map(({ kind, bounds, prices }): PriceModelSpec => ({
      kind,
      tiers: [
        ...bounds.map((b, i) => ({ upTo: String(b), unitPrice: prices[i] })),
        { upTo: null, unitPrice: prices[bounds.length] },
      ],
    })),
);

const PERIODS = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'] as const;
const dayIn = fc
  .record({ m: fc.integer({ min: 1, max: 6 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ m, d }) => `2025-0${m}-${String(d).padStart(2, '0')}`);

export const programme = (id: string): fc.Arbitrary<Programme> =>
  fc
    .record({
      ratio: fc.oneof(
        ratioString,
        fc
          .record({ domestic: ratioString, startup: ratioString, fallback: fc.option(ratioString, { nil: null }) })
          .map(({ domestic, startup, fallback }) => ({
            tiers: [
              { label: 'domestic', when: { domesticChip: true }, ratio: domestic },
              { label: 'startup', when: { tenantFlags: ['startup'] }, ratio: startup },
            ],
            fallback,
          })),
      ),
      classes: often(null, fc.subarray([...RESOURCE_CLASSES], { minLength: 2 })),
      training: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      threshold: often(
        null,
        fc.record({
          minDevices: fc.integer({ min: 1, max: 64 }),
          minDeviceHours: fc.integer({ min: 1, max: 1000 }).map(String),
        }),
      ),
      perTenantPerYear: often(null, fenString(50_000_000)),
      perTenantCumulative: often(null, fenString(100_000_000)),
      pool: often(null, fenString(50_000_000)),
      funders: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }),
      dayProration: fc.boolean(),
      rounding: fc.constantFrom<RoundingRuleCode>('HALF_UP_FEN', 'TRUNCATE_YUAN'),
      group: fc.constantFrom(null, null, 'g1', 'g2'),
      priority: fc.integer({ min: 0, max: 3 }),
      mechanism: fc.constantFrom('on_bill' as const, 'reimbursed' as const),
    })
    .map((p) =>
      buildProgramme({
        id,
        bureau: `bureau-${id}`,
        name: id,
        kind: p.training ? 'training_subsidy' : 'voucher',
        mechanism: p.mechanism,
        priority: p.priority,
        ratio: p.ratio,
        eligibility: { resourceClasses: p.classes, trainingThreshold: p.threshold },
        caps: { perTenantPerYear: p.perTenantPerYear, perTenantCumulative: p.perTenantCumulative },
        pool: p.pool === null ? null : { yearlyBudget: p.pool },
        funders: p.funders.map((share, i) => ({ id: `f${i}`, share: String(share) })),
        dayProration: p.dayProration,
        rounding: p.rounding,
        stackingGroup: p.group,
      }),
    );

export const programmes: fc.Arbitrary<Programme[]> = fc
  .integer({ min: 1, max: 4 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => programme(`p${i}`))));

export const grantsFor = (tenantId: string, ps: readonly Programme[]): fc.Arbitrary<GrantSpec[]> =>
  fc
    .array(
      fc.record({
        programme: fc.integer({ min: 0, max: ps.length - 1 }),
        face: fc.integer({ min: 1, max: 50_000_000 }),
        spentPermille: fc.integer({ min: 0, max: 1000 }),
        from: dayIn,
        to: dayIn,
        status: fc.constantFrom(
          'active',
          'active',
          'active',
          'active',
          'active',
          'active',
          'suspended',
          'revoked',
        ) as fc.Arbitrary<'active' | 'suspended' | 'revoked'>,
        wide: fc.boolean(),
      }),
      { maxLength: 5 },
    )
    .map((gs) =>
      gs.map((g, i) => {
        const face = new Decimal(g.face).dividedBy(100);
        const balance = face
          .times(1000 - g.spentPermille)
          .dividedBy(1000)
          .toDecimalPlaces(2, Decimal.ROUND_DOWN);
        const [validFrom, validTo] = g.wide
          ? ['2025-01-01', '2025-12-31']
          : g.from <= g.to
            ? [g.from, g.to]
            : [g.to, g.from];
        return {
          id: `${tenantId}-g${i}`,
          programmeId: ps[g.programme].id,
          tenantId,
          faceValue: face.toFixed(2),
          balance: balance.toFixed(2),
          validFrom,
          validTo,
          status: g.status,
        };
      }),
    );

const skuKeys = Object.keys(SKUS) as (keyof typeof SKUS)[];

export const lines = (tenantId: string): fc.Arbitrary<RatedLine[]> =>
  fc
    .array(
      fc.record({
        period: fc.constantFrom(...PERIODS),
        sku: fc.constantFrom(...skuKeys),
        jobType: fc.constantFrom(...JOB_TYPES),
        fen: fc.integer({ min: -100_000, max: 100_000_000 }),
        jobs: fc.array(
          fc.record({
            devices: fc.integer({ min: 1, max: 128 }),
            hours: fc.integer({ min: 0, max: 5000 }),
            qty: fc.integer({ min: 0, max: 1000 }),
          }),
          { maxLength: 3 },
        ),
      }),
      { maxLength: 8 },
    )
    .map((ls) =>
      ls.map((l, i) => {
        const s = SKUS[l.sku];
        const resourceClass: ResourceClass = s.resourceClass;
        return aLine({
          tenantId,
          lineId: `${tenantId}/${l.period}/${i}`,
          periodId: l.period,
          amount: new Decimal(l.fen).dividedBy(100).toFixed(2),
          sku: s.code,
          resourceClass,
          chipFamily: 'chipFamily' in s ? s.chipFamily : null,
          domesticChip: 'domesticChip' in s ? s.domesticChip : false,
          jobType: l.jobType,
          jobs: l.jobs.map((j, k) =>
            aJob({
              jobId: `j${k}`,
              periodId: l.period,
              sku: s.code,
              jobType: l.jobType,
              deviceCount: j.devices,
              deviceHours: String(j.hours),
              quantity: String(j.qty),
            }),
          ),
        });
      }),
    );

/** Prior counters kept within each programme's caps, as a caller reading a sound ledger would pass. */
export const stateFor = (tenantId: string, ps: readonly Programme[]) =>
  fc
    .array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1000 })), { minLength: ps.length, maxLength: ps.length })
    .map((permilles) => {
      const part = (cap: Decimal | null, permille: number) =>
        (cap ?? new Decimal(1_000_000)).times(permille).dividedBy(1000).toDecimalPlaces(2, Decimal.ROUND_DOWN);
      return {
        tenantYear: ps.map((p, i) => ({
          programmeId: p.id,
          tenantId,
          year: 2025,
          used: part(min(p.caps.perTenantPerYear, p.caps.perTenantCumulative), permilles[i]).toFixed(2),
        })),
        tenantCumulative: ps.map((p, i) => ({
          programmeId: p.id,
          tenantId,
          used: part(min(p.caps.perTenantPerYear, p.caps.perTenantCumulative), permilles[i]).toFixed(2),
        })),
        poolYear: ps.map((p, i) => ({
          programmeId: p.id,
          year: 2025,
          used: part(p.pool?.yearlyBudget ?? null, permilles[i]).toFixed(2),
        })),
      };
    });

/** null half of the time, else a value. */
function often<T>(nil: null, arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.oneof(fc.constant(nil), arb);
}

function min(a: Decimal | null, b: Decimal | null): Decimal | null {
  if (a === null) return b;
  if (b === null) return a;
  return a.lessThan(b) ? a : b;
}
