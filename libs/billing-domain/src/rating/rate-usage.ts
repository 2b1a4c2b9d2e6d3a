import { type Decimal, HUNDRED, ONE, ZERO, roundMoney, sum } from '@park/money';
import { PriceNotFound } from '../errors/domain.errors';
import type { Sku } from '../catalogue/sku';
import type { JobType } from '../catalogue/resource-class';
import { contractInForce, type Contract } from '../pricing/contract';
import { type PriceBookVersion, versionAt } from '../pricing/price-book';
import { charge } from '../pricing/price-model';
import type { PriceModel } from '../pricing/price-model.types';
import { periodCuts, splitProRata } from '../time/split-pro-rata';
import { type PeriodId, periodOf } from '../time/shanghai-calendar';
import { commitmentLines } from './commitment';
import type { RateUsageInput } from './rate-usage.input';
import type { JobUsage, RatedLine } from './rated-line';

export interface RatingResult {
  readonly tenantId: string;
  /** Sorted by lineId. */
  readonly lines: readonly RatedLine[];
  /** Sum of the rounded line amounts. */
  readonly total: Decimal;
}

interface Segment {
  readonly sku: Sku;
  readonly jobType: JobType;
  readonly at: Date;
  readonly periodId: PeriodId;
  readonly quantityBase: Decimal;
  readonly order: number;
}

interface LineAcc {
  readonly key: string;
  readonly periodId: PeriodId;
  readonly sku: Sku;
  readonly jobType: JobType;
  readonly version: PriceBookVersion;
  readonly contract: Contract | undefined;
  readonly model: PriceModel;
  readonly overridden: boolean;
  quantityBase: Decimal;
  unrounded: Decimal;
}

/**
 * Rates one tenant's usage: splits every bucket pro rata at period boundaries, price-book versions
 * and contract bounds; walks each period × SKU in time order so tiers see the month's running
 * quantity; prices each slice with the version (and contract) in force at its start; aggregates into
 * lines per period × SKU × job type × version × contract; rounds each line once by its version's rule.
 */
export function rateUsage(input: RateUsageInput): RatingResult {
  const { priceBook, contracts } = input;
  const staticCuts = [
    ...priceBook.versions.map((v) => v.effectiveFrom),
    ...contracts.flatMap((c) => (c.effectiveTo ? [c.effectiveFrom, c.effectiveTo] : [c.effectiveFrom])),
  ];
  const groups = new Map<string, Segment[]>();
  input.usage.forEach((bucket, order) => {
    const sku = input.catalogue.get(bucket.sku);
    if (!sku) throw new PriceNotFound(bucket.sku, bucket.start, priceBook.id);
    const cuts = [...staticCuts, ...periodCuts(bucket.start, bucket.end)];
    for (const slice of splitProRata({ start: bucket.start, end: bucket.end, quantity: bucket.quantity, cuts })) {
      const periodId = periodOf(slice.start);
      const key = `${periodId}/${sku.code}`;
      const list = groups.get(key) ?? [];
      list.push({ sku, jobType: bucket.jobType, at: slice.start, periodId, quantityBase: slice.quantity, order });
      groups.set(key, list);
    }
  });

  const lines = new Map<string, LineAcc>();
  for (const segments of groups.values()) {
    segments.sort(
      (a, b) =>
        a.at.getTime() - b.at.getTime() ||
        (a.jobType < b.jobType ? -1 : a.jobType > b.jobType ? 1 : 0) ||
        a.order - b.order,
    );
    const factor = segments[0].sku.billingUnit.factor;
    const monthTotal = sum(segments.map((s) => s.quantityBase)).dividedBy(factor);
    let monthBefore = ZERO;
    for (const seg of segments) {
      const version = versionAt(priceBook, seg.at);
      const contract = contracts.find((c) => contractInForce(c, seg.at));
      const override = contract?.overrides.get(seg.sku.code);
      const model = override ?? version?.prices.get(seg.sku.code);
      if (!version || !model) throw new PriceNotFound(seg.sku.code, seg.at, priceBook.id);
      const quantity = seg.quantityBase.dividedBy(factor);
      const charged = charge(model, { quantity, monthBefore, monthTotal }).amount;
      const amount = override ? charged : charged.times(discountFactor(contract));
      monthBefore = monthBefore.plus(quantity);
      const priceKey = `${priceBook.id}@${version.version}/${contract?.id ?? '-'}`;
      const key = `${seg.periodId}/${seg.sku.code}/${seg.jobType}/${priceKey}`;
      const acc = lines.get(key) ?? {
        key,
        periodId: seg.periodId,
        sku: seg.sku,
        jobType: seg.jobType,
        version,
        contract,
        model,
        overridden: override !== undefined,
        quantityBase: ZERO,
        unrounded: ZERO,
      };
      acc.quantityBase = acc.quantityBase.plus(seg.quantityBase);
      acc.unrounded = acc.unrounded.plus(amount);
      lines.set(key, acc);
    }
  }

  const usageLines = [...lines.values()].map((acc) => toLine(acc, input.tenantId, priceBook.id, input.jobs));
  const all = [
    ...usageLines,
    ...commitmentLines({ tenantId: input.tenantId, contracts, lines: usageLines, periods: input.periods }),
  ];
  all.sort((a, b) => (a.lineId < b.lineId ? -1 : a.lineId > b.lineId ? 1 : 0));
  return { tenantId: input.tenantId, lines: all, total: sum(all.map((l) => l.amount)) };
}

function discountFactor(contract: Contract | undefined): Decimal {
  return contract ? ONE.minus(contract.discountPercent.dividedBy(HUNDRED)) : ONE;
}

function toLine(acc: LineAcc, tenantId: string, priceBookId: string, jobs: readonly JobUsage[]): RatedLine {
  const quantity = acc.quantityBase.dividedBy(acc.sku.billingUnit.factor);
  const discount = acc.overridden ? ONE : discountFactor(acc.contract);
  const unitPrice =
    acc.model.kind === 'per_unit'
      ? acc.model.unitPrice.times(discount)
      : quantity.isZero()
        ? ZERO
        : acc.unrounded.dividedBy(quantity);
  return {
    lineId: acc.key,
    kind: 'usage',
    isAdjustment: false,
    tenantId,
    contractId: acc.contract?.id ?? null,
    periodId: acc.periodId,
    sku: acc.sku.code,
    resourceClass: acc.sku.resourceClass,
    chipFamily: acc.sku.chipFamily,
    domesticChip: acc.sku.domesticChip,
    jobType: acc.jobType,
    quantityBase: acc.quantityBase,
    quantity,
    billingUnit: acc.sku.billingUnit.code,
    unitPrice,
    priceModel: acc.model.kind,
    priceSource: acc.overridden ? 'contract_override' : 'book',
    discountPercent: acc.overridden || !acc.contract ? ZERO : acc.contract.discountPercent,
    priceBookId,
    priceBookVersion: acc.version.version,
    rounding: acc.version.rounding,
    unroundedAmount: acc.unrounded,
    amount: roundMoney(acc.unrounded, acc.version.rounding),
    jobs: jobs.filter((j) => j.periodId === acc.periodId && j.sku === acc.sku.code && j.jobType === acc.jobType),
  };
}
