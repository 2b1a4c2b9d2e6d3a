/**
 * Small builder factories for billing tests (here and in other libs / apps): sensible defaults,
 * override what the test is about. Everything goes through the real build functions, so test data
 * is validated like production input. No jest import: safe to ship.
 */
import { Decimal, type DecimalInput, ZERO, parseAmount } from '@park/money';
import { buildCatalogue, type Catalogue, type SkuSpec } from '../catalogue/sku';
import type { JobType } from '../catalogue/resource-class';
import { buildContract, type Contract, type ContractSpec } from '../pricing/contract';
import { buildPriceBook, type PriceBook, type PriceBookSpec } from '../pricing/price-book';
import type { PriceModelSpec } from '../pricing/price-model';
import type { JobUsage, RatedLine } from '../rating/rated-line';
import { SHANGHAI_OFFSET_MS, type PeriodId } from '../time/shanghai-calendar';
import type { GrantSpec } from '../vouchers/grant';
import { buildProgramme, type Programme, type ProgrammeSpec } from '../vouchers/programme';
import { applyVouchers, type ApplyVouchersResult } from '../vouchers/apply-vouchers';
import { buildApplyVouchersInput, type ApplyVouchersInputSpec } from '../vouchers/apply-vouchers.input';
import { assertInvariants } from '../vouchers/invariants';
import { ValidationError } from '../errors/validation.error';

/** A UTC instant from an ISO string with an explicit zone; throws on anything else. */
export function instant(iso: string): Date {
  if (!/(Z|[+-]\d\d:\d\d)$/.test(iso)) throw new RangeError(`give the zone explicitly: ${iso}`);
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`bad instant ${iso}`);
  return d;
}

/** Wall-clock time in Asia/Shanghai, e.g. shanghai('2025-02-01 02:30'). */
export function shanghai(local: string): Date {
  const d = new Date(`${local.replace(' ', 'T')}:00Z`);
  if (Number.isNaN(d.getTime())) throw new RangeError(`bad local time ${local}`);
  return new Date(d.getTime() - SHANGHAI_OFFSET_MS);
}

export const dec = (s: string): Decimal => new Decimal(s);
export const amount = (s: string): Decimal => parseAmount(s);

export const SKUS = {
  h100: {
    code: 'gpu.h100-80g',
    resourceClass: 'ai',
    chipFamily: 'nvidia-hopper',
    domesticChip: false,
    baseUnit: 'gpu_second',
    billingUnit: { code: 'gpu_hour', factor: '3600' },
  },
  a800: {
    code: 'gpu.a800-80g',
    resourceClass: 'ai',
    chipFamily: 'nvidia-ampere',
    domesticChip: false,
    baseUnit: 'gpu_second',
    billingUnit: { code: 'gpu_hour', factor: '3600' },
  },
  ascend: {
    code: 'gpu.ascend-910b',
    resourceClass: 'ai',
    chipFamily: 'ascend',
    domesticChip: true,
    baseUnit: 'gpu_second',
    billingUnit: { code: 'gpu_hour', factor: '3600' },
  },
  cpu: {
    code: 'cpu.core',
    resourceClass: 'general',
    baseUnit: 'core_second',
    billingUnit: { code: 'core_hour', factor: '3600' },
  },
  hpc: {
    code: 'hpc.node',
    resourceClass: 'hpc',
    baseUnit: 'node_second',
    billingUnit: { code: 'node_hour', factor: '3600' },
  },
  render: {
    code: 'render.node',
    resourceClass: 'render',
    baseUnit: 'node_second',
    billingUnit: { code: 'node_hour', factor: '3600' },
  },
  storage: {
    code: 'storage.ssd',
    resourceClass: 'storage',
    baseUnit: 'gb_hour',
    billingUnit: { code: 'gb_hour', factor: '1' },
  },
  network: {
    code: 'network.egress',
    resourceClass: 'network',
    baseUnit: 'gb',
    billingUnit: { code: 'gb', factor: '1' },
  },
} as const satisfies Record<string, SkuSpec>;

export function aCatalogue(specs: readonly SkuSpec[] = Object.values(SKUS)): Catalogue {
  return buildCatalogue(specs);
}

export const perUnit = (unitPrice: DecimalInput): PriceModelSpec => ({ kind: 'per_unit', unitPrice });
export const tiered = (...tiers: [upTo: DecimalInput | null, unitPrice: DecimalInput][]): PriceModelSpec => ({
  kind: 'tiered',
  tiers: tiers.map(([upTo, unitPrice]) => ({ upTo, unitPrice })),
});
export const volume = (...tiers: [upTo: DecimalInput | null, unitPrice: DecimalInput][]): PriceModelSpec => ({
  kind: 'volume',
  tiers: tiers.map(([upTo, unitPrice]) => ({ upTo, unitPrice })),
});

/** Default list prices (元 per billing unit). */
export const LIST_PRICES: Readonly<Record<string, PriceModelSpec>> = {
  [SKUS.h100.code]: perUnit('30.00'),
  [SKUS.a800.code]: perUnit('18.00'),
  [SKUS.ascend.code]: perUnit('12.50'),
  [SKUS.cpu.code]: perUnit('0.08'),
  [SKUS.hpc.code]: perUnit('6.40'),
  [SKUS.render.code]: perUnit('4.20'),
  [SKUS.storage.code]: perUnit('0.000150'),
  [SKUS.network.code]: perUnit('0.50'),
};

export function aPriceBook(overrides: Partial<PriceBookSpec> = {}): PriceBook {
  return buildPriceBook({
    id: 'list',
    versions: [
      { version: 1, effectiveFrom: instant('2024-01-01T00:00:00+08:00'), rounding: 'HALF_UP_FEN', prices: LIST_PRICES },
    ],
    ...overrides,
  });
}

export function aContract(overrides: Partial<ContractSpec> = {}): Contract {
  return buildContract({
    id: 'c-1',
    tenantId: 't-1',
    effectiveFrom: instant('2024-01-01T00:00:00+08:00'),
    ...overrides,
  });
}

/** Hour buckets of constant usage: `hours` UTC hours from `from`, `perHour` base units each. */
export function hourly(args: { sku: string; jobType?: JobType; from: Date; hours: number; perHour: DecimalInput }) {
  return Array.from({ length: args.hours }, (_, i) => ({
    sku: args.sku,
    jobType: args.jobType ?? 'training',
    start: new Date(args.from.getTime() + i * 3_600_000),
    quantity: args.perHour,
  }));
}

export function aProgramme(overrides: Partial<ProgrammeSpec> = {}): Programme {
  return buildProgramme({
    id: 'gz-ai-voucher',
    bureau: 'guizhou-big-data-bureau',
    name: '贵州算力券',
    ratio: '0.30',
    eligibility: { resourceClasses: ['ai'] },
    ...overrides,
  });
}

export function aGrant(overrides: Partial<GrantSpec> = {}): GrantSpec {
  return {
    id: 'g-1',
    programmeId: 'gz-ai-voucher',
    tenantId: 't-1',
    faceValue: '300000.00',
    validFrom: '2025-01-01',
    validTo: '2025-12-31',
    ...overrides,
  };
}

let lineSeq = 0;

/** A rated line as the voucher engine sees it (an AI-compute training line by default). */
export function aLine(
  overrides: Partial<Omit<RatedLine, 'amount'>> & { amount: string; periodId?: PeriodId },
): RatedLine {
  const periodId = overrides.periodId ?? '2025-01';
  const sku = overrides.sku ?? SKUS.h100.code;
  const jobType = overrides.jobType ?? 'training';
  lineSeq += 1;
  const a = parseAmount(overrides.amount);
  return {
    lineId: overrides.lineId ?? `${periodId}/${sku}/${jobType}/list@1/-#${lineSeq}`,
    kind: 'usage',
    isAdjustment: false,
    tenantId: 't-1',
    contractId: null,
    periodId,
    sku,
    resourceClass: 'ai',
    chipFamily: 'nvidia-hopper',
    domesticChip: false,
    jobType,
    quantityBase: ZERO,
    quantity: ZERO,
    billingUnit: 'gpu_hour',
    unitPrice: ZERO,
    priceModel: 'per_unit',
    priceSource: 'book',
    discountPercent: ZERO,
    priceBookId: 'list',
    priceBookVersion: 1,
    rounding: 'HALF_UP_FEN',
    unroundedAmount: a,
    jobs: [],
    ...overrides,
    amount: a,
  };
}

/** Line defaults for a SKU of the standard catalogue. */
export function skuFields(
  sku: keyof typeof SKUS,
): Pick<RatedLine, 'sku' | 'resourceClass' | 'chipFamily' | 'domesticChip' | 'billingUnit'> {
  const s: SkuSpec = SKUS[sku];
  return {
    sku: s.code,
    resourceClass: s.resourceClass,
    chipFamily: s.chipFamily ?? null,
    domesticChip: s.domesticChip ?? false,
    billingUnit: s.billingUnit.code,
  };
}

export function aJob(
  overrides: Partial<Omit<JobUsage, 'deviceHours' | 'quantity'>> & { deviceHours: string; quantity: string },
): JobUsage {
  return {
    periodId: '2025-01',
    sku: SKUS.h100.code,
    jobType: 'training',
    jobId: 'job-1',
    deviceCount: 8,
    ...overrides,
    deviceHours: dec(overrides.deviceHours),
    quantity: dec(overrides.quantity),
  };
}

/** Builds the input, applies vouchers and asserts the ledger invariants on the result. */
export function applyChecked(spec: ApplyVouchersInputSpec): ApplyVouchersResult {
  const input = buildApplyVouchersInput(spec);
  const result = applyVouchers(input);
  assertInvariants({
    lines: input.lines,
    grants: input.grants,
    programmes: input.programmes,
    stackingGroups: input.stackingGroups,
    deductions: result.deductions,
    state: result.state,
  });
  return result;
}

/** `{ lineId: amount }` of a result's deductions, summed per line, as 2-dp strings. */
export function deductedByLine(result: Pick<ApplyVouchersResult, 'lines'>): Record<string, string> {
  return Object.fromEntries(result.lines.map((l) => [l.lineId, l.onBill.plus(l.reimbursed).toFixed(2)]));
}

/** Balance after the run, as a 2-dp string. */
export function balanceAfter(result: Pick<ApplyVouchersResult, 'grantBalances'>, grantId: string): string {
  const b = result.grantBalances.find((g) => g.grantId === grantId);
  if (!b) throw new RangeError(`no grant ${grantId} in result`);
  return b.after.toFixed(2);
}

/** The `path: message` of each issue a build reports ([] when it builds): for specs that check the wording. */
export function issuesOf(build: () => unknown): string[] {
  try {
    build();
  } catch (e) {
    if (e instanceof ValidationError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}
