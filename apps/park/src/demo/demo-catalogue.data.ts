import type { PriceVersionInput, ProgrammeRules } from '@park/billing';
import { periodBounds, type PeriodId } from '@park/billing-domain';

// Demo data modelled on published prices and programmes (DESIGN.md §6, shared/seeds). Clearly marked is_demo.

export const DEMO_PRICE_BOOK_ID = 'demo-park-standard';

/**
 * Park list prices in CNY per billing unit, near 2025–26 market rates: H100 ¥14.80–16.50/GPU-h (graduated),
 * A800 ¥9.80, Ascend 910B ¥8.50 then ¥7.90 from the 16th (a mid-month price cut), render node ¥6.50/h.
 */
export function demoPriceVersions(period: PeriodId): PriceVersionInput[] {
  const prices: PriceVersionInput['prices'] = {
    'gpu.h100-80g': {
      kind: 'tiered',
      tiers: [
        { upTo: '5000', unitPrice: '16.50' },
        { upTo: null, unitPrice: '14.80' },
      ],
    },
    'gpu.a800-80g': { kind: 'per_unit', unitPrice: '9.80' },
    'gpu.l40s-48g': { kind: 'per_unit', unitPrice: '5.20' },
    'gpu.ascend-910b': { kind: 'per_unit', unitPrice: '8.50' },
    'gpu.mlu370-x8': { kind: 'per_unit', unitPrice: '4.60' },
    'gpu.hygon-dcu-z100': { kind: 'per_unit', unitPrice: '3.80' },
    'cpu.core': { kind: 'per_unit', unitPrice: '0.12' },
    'render.node': { kind: 'per_unit', unitPrice: '6.50' },
  };
  const start = periodBounds(period).start;
  const cut = new Date(start.getTime() + 15 * 86_400_000); // the 16th, 00:00 Asia/Shanghai
  return [
    { version: 1, effectiveFrom: new Date(start.getTime() - 365 * 86_400_000).toISOString(), prices },
    {
      version: 2,
      effectiveFrom: cut.toISOString(),
      prices: { ...prices, 'gpu.ascend-910b': { kind: 'per_unit', unitPrice: '7.90' } },
    },
  ];
}

export const DEMO_BUREAUS = [
  { id: 'demo-gz-bdb', name: '贵州省大数据发展管理局', level: 'province', regionCode: '52' },
  { id: 'demo-gy-bdb', name: '贵阳市大数据发展管理局', level: 'city', regionCode: '5201' },
  { id: 'demo-ga-district', name: '贵安新区管委会', level: 'district', regionCode: '5201' },
];

export const DEMO_STACKING_GROUP = { id: 'demo-render-city-district', ceiling: '1' };

export interface DemoProgramme {
  readonly id: string;
  readonly bureauId: string;
  readonly name: string;
  readonly rules: ProgrammeRules;
}

export function demoProgrammes(year: number): DemoProgramme[] {
  const window = { from: `${year}-01-01`, to: `${year}-12-31` };
  return [
    {
      // Guizhou 算力券 (measure 11): on-bill, 30 % on domestic chips, 20 % on other AI compute, per-tenant yearly cap,
      // province : city co-funded 1 : 1, out-of-province users admitted.
      id: 'demo-gz-compute-voucher',
      bureauId: 'demo-gz-bdb',
      name: '贵州算力券',
      rules: {
        ratio: {
          tiers: [
            {
              label: '国产芯片 domestic chips 30%',
              when: { resourceClasses: ['ai'], domesticChip: true },
              ratio: '0.3',
            },
            { label: '其他智算 other AI 20%', when: { resourceClasses: ['ai'] }, ratio: '0.2' },
          ],
          fallback: null,
        },
        eligibility: { resourceClasses: ['ai'], excludedTenantFlags: ['bad_credit'] },
        caps: { perTenantPerYear: '60000.00', minFaceValue: '10000.00' },
        pool: { yearlyBudget: '5000000.00' },
        funders: [
          { id: 'gz-province', share: '1' },
          { id: 'gy-city', share: '1' },
        ],
        window,
        priority: 10,
      },
    },
    {
      // 模型训练补贴: training jobs of at least 8 devices and 200 device-hours, 40 %, reimbursed after payment.
      id: 'demo-gy-training-subsidy',
      bureauId: 'demo-gy-bdb',
      name: '贵阳市模型训练算力补贴',
      rules: {
        kind: 'training_subsidy',
        mechanism: 'reimbursed',
        ratio: '0.4',
        eligibility: { resourceClasses: ['ai'], trainingThreshold: { minDevices: 8, minDeviceHours: '200' } },
        caps: { perTenantPerYear: '100000.00' },
        window,
        priority: 20,
      },
    },
    {
      // City + district render subsidies that explicitly stack, together at most 100 % of the line.
      id: 'demo-gy-render-city',
      bureauId: 'demo-gy-bdb',
      name: '贵阳市影视渲染算力补贴',
      rules: {
        ratio: '0.6',
        eligibility: { resourceClasses: ['render'] },
        stackingGroup: DEMO_STACKING_GROUP.id,
        window,
        priority: 30,
      },
    },
    {
      id: 'demo-ga-render-district',
      bureauId: 'demo-ga-district',
      name: '贵安新区渲染配套补贴',
      rules: {
        ratio: '0.5',
        eligibility: { resourceClasses: ['render'] },
        stackingGroup: DEMO_STACKING_GROUP.id,
        window,
        priority: 31,
        rounding: 'TRUNCATE_YUAN',
      },
    },
  ];
}
