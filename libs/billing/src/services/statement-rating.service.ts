import { Injectable } from '@nestjs/common';
import {
  buildRateUsageInput,
  periodBounds,
  previousPeriod,
  rateAdjustments,
  rateUsage,
  ratingIntervals,
  type JobType,
  type JobUsage,
  type PeriodId,
  type PriceModelKind,
  type RatedLine,
  type ResourceClass,
  type UsageBucket,
} from '@park/billing-domain';
import { Decimal, type RoundingRuleCode } from '@park/money';
import { RawUsageQueries, UsageRollupQueries, type IntervalQuantity } from '@park/usage-pipeline';
import { StatementRepository, type StatementLineRow } from '../repositories/statement.repository';
import { BillingReadRepository, type IssueContextRow } from '../repositories/billing-read.repository';
import { PeriodUsageSnapshots } from '../usage/period-usage.snapshot';
import { BilledUsageMissing } from '../errors/billed-usage-missing.error';
import { compareWithBilled } from './billed-usage.comparison';
import { BillingContextLoader, type TenantContext } from './billing-context.loader';

/** How far back late usage is looked for (closed periods only). */
const LATE_USAGE_LOOKBACK_MONTHS = 12;

export interface DraftLines {
  readonly context: TenantContext;
  readonly periodId: PeriodId;
  /** The period's lines followed by adjustment lines for earlier closed periods. */
  readonly lines: readonly RatedLine[];
}

/**
 * Rates a tenant-period from the ClickHouse rollups: hours summed per rating interval × SKU × job type,
 * rated by billing-domain, plus adjustment lines for usage that reached a closed period after its close.
 */
@Injectable()
export class StatementRatingService {
  constructor(
    private readonly loader: BillingContextLoader,
    private readonly usage: UsageRollupQueries,
    private readonly rawUsage: RawUsageQueries,
    private readonly reads: BillingReadRepository,
    private readonly statements: StatementRepository,
    private readonly snapshots: PeriodUsageSnapshots,
  ) {}

  /** `closeRun` (a period close's run id) reads the period's usage from one snapshot shared by the run's jobs. */
  async draftLines(
    tenantId: string,
    periodId: PeriodId,
    closeRun?: string,
    preloaded?: IssueContextRow,
  ): Promise<DraftLines> {
    const context = await this.loader.forTenant(tenantId, periodId, preloaded);
    const current = await this.ratePeriod(context, periodId, closeRun);
    const adjustments = await this.lateUsageAdjustments(context, periodId, preloaded?.closedBefore);
    return { context, periodId, lines: [...current, ...adjustments] };
  }

  private async intervalRows(
    context: TenantContext,
    periodId: PeriodId,
    closeRun?: string,
  ): Promise<{ intervals: readonly { start: Date; end: Date }[]; rows: readonly IntervalQuantity[] }> {
    if (closeRun) {
      const snapshot = await this.snapshots.get(`${closeRun}|${periodId}`, periodId, context.rules.priceCuts);
      return { intervals: snapshot.intervals, rows: snapshot.byTenant.get(context.tenant.id) ?? [] };
    }
    const intervals = ratingIntervals({ periodId, priceBook: context.priceBook, contracts: context.contracts });
    return { intervals, rows: await this.usage.intervalQuantities(context.tenant.id, intervals) };
  }

  private async usageOf(
    context: TenantContext,
    periodId: PeriodId,
    closeRun?: string,
  ): Promise<{ usage: UsageBucket[]; jobs: JobUsage[] }> {
    const { intervals, rows } = await this.intervalRows(context, periodId, closeRun);
    const usage = rows.map((r) => ({
      sku: r.sku,
      jobType: r.jobType as JobType,
      start: intervals[r.interval].start,
      end: intervals[r.interval].end,
      quantity: new Decimal(r.quantity),
    }));
    const needsJobs =
      context.rules.programmes.some((p) => p.eligibility.trainingThreshold !== null) &&
      usage.some((u) => u.jobType === 'training');
    if (!needsJobs) return { usage, jobs: [] };
    const { start, end } = periodBounds(periodId);
    const sizes = await this.rawUsage.trainingJobSizes(context.tenant.id, start.getTime(), end.getTime());
    const jobs = sizes.flatMap((j): JobUsage[] => {
      const sku = context.rules.catalogue.get(j.sku);
      if (!sku) return [];
      return [
        {
          periodId,
          sku: j.sku,
          jobType: 'training',
          jobId: j.jobId,
          deviceCount: Math.max(1, j.deviceCount),
          deviceHours: new Decimal(j.totalQuantity).dividedBy(sku.billingUnit.factor),
          quantity: new Decimal(j.periodQuantity),
        },
      ];
    });
    return { usage, jobs };
  }

  private rateInput(context: TenantContext, periodId: PeriodId, usage: { usage: UsageBucket[]; jobs: JobUsage[] }) {
    return buildRateUsageInput({
      tenantId: context.tenant.id,
      catalogue: context.rules.catalogue,
      priceBook: context.priceBook,
      contracts: context.contracts,
      usage: usage.usage,
      jobs: usage.jobs.map((j) => ({ ...j, deviceHours: j.deviceHours.toFixed(), quantity: j.quantity.toFixed() })),
      periods: [periodId],
    });
  }

  private async ratePeriod(
    context: TenantContext,
    periodId: PeriodId,
    closeRun?: string,
  ): Promise<readonly RatedLine[]> {
    return rateUsage(this.rateInput(context, periodId, await this.usageOf(context, periodId, closeRun))).lines;
  }

  /**
   * Closed periods whose ClickHouse quantities exceed what was billed get adjustment lines. Less than was billed
   * means ClickHouse lost usage (or is another store): refused with BilledUsageMissing, never credited.
   */
  private async lateUsageAdjustments(
    context: TenantContext,
    periodId: PeriodId,
    closedBefore?: readonly string[],
  ): Promise<RatedLine[]> {
    const closed =
      closedBefore ?? (await this.reads.closedPeriodsBefore(context.tenant.parkId, periodId, lookbackStart(periodId)));
    if (closed.length === 0) return [];
    const tenantId = context.tenant.id;
    const [inClickHouse, billed] = await Promise.all([
      this.usage.periodQuantities(
        [tenantId],
        periodBounds(closed[0]).start.getTime(),
        periodBounds(closed[closed.length - 1]).end.getTime(),
      ),
      this.statements.billedUsage(tenantId, closed),
    ]);
    const { late, missing } = compareWithBilled({
      closed,
      found: inClickHouse.map((r) => ({
        periodId: r.periodId,
        sku: r.sku,
        jobType: r.jobType,
        quantityBase: r.quantity,
      })),
      billed: billed.map((b) => ({ ...b, periodId: b.usagePeriodId })),
    });
    if (missing.length > 0) throw new BilledUsageMissing(tenantId, missing);
    if (late.length === 0) return [];
    const issuedRows = await this.statements.issuedLinesForPeriods(tenantId, late);
    const out: RatedLine[] = [];
    for (const p of late) {
      const rating = this.rateInput(context, p, await this.usageOf(context, p));
      const issued = issuedRows.filter((r) => r.usagePeriodId === p).map(toRatedLine);
      out.push(...rateAdjustments({ rating, issued }).lines);
    }
    return out;
  }
}

/** The oldest period checked for late usage. */
export function lookbackStart(periodId: PeriodId): PeriodId {
  let oldest = periodId;
  for (let i = 0; i < LATE_USAGE_LOOKBACK_MONTHS; i++) oldest = previousPeriod(oldest);
  return oldest;
}

/** An issued line back as the billing-domain RatedLine it was stored from. */
export function toRatedLine(r: StatementLineRow): RatedLine {
  return {
    lineId: r.lineId,
    kind: r.kind as RatedLine['kind'],
    isAdjustment: r.isAdjustment,
    tenantId: r.tenantId,
    contractId: r.contractId,
    periodId: r.usagePeriodId,
    sku: r.sku,
    resourceClass: r.resourceClass as ResourceClass | null,
    chipFamily: r.chipFamily,
    domesticChip: r.domesticChip,
    jobType: r.jobType as JobType | null,
    quantityBase: new Decimal(r.quantityBase.toFixed()),
    quantity: new Decimal(r.quantity.toFixed()),
    billingUnit: r.billingUnit,
    unitPrice: new Decimal(r.unitPrice.toFixed()),
    priceModel: r.priceModel as PriceModelKind | 'commitment',
    priceSource: r.priceSource as RatedLine['priceSource'],
    discountPercent: new Decimal(r.discountPercent.toFixed()),
    priceBookId: r.priceBookId,
    priceBookVersion: r.priceBookVersion,
    rounding: r.rounding as RoundingRuleCode,
    unroundedAmount: new Decimal(r.unroundedAmount.toFixed()),
    amount: new Decimal(r.amount.toFixed()),
    jobs: [],
  };
}
