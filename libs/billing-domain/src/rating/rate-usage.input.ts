import { type Decimal, type DecimalInput, ZERO, parseQuantity } from '@park/money';
import type { Catalogue } from '../catalogue/sku';
import { JOB_TYPES, type JobType } from '../catalogue/resource-class';
import { buildOrThrow, type Issues } from '../errors/validation.error';
import { contractInForce, type Contract } from '../pricing/contract';
import { type PriceBook, versionAt } from '../pricing/price-book';
import { isPeriodId, type PeriodId } from '../time/shanghai-calendar';
import type { JobUsage } from './rated-line';

export const HOUR_MS = 3_600_000;

/** Usage of one tenant × SKU × job type over [start, end), normally one UTC hour. */
export interface UsageBucket {
  readonly sku: string;
  readonly jobType: JobType;
  readonly start: Date;
  /** Defaults to start + 1 h. A longer bucket is split pro rata by time at price changes. */
  readonly end: Date;
  /** In the SKU's base unit. */
  readonly quantity: Decimal;
}

export interface RateUsageInput {
  readonly tenantId: string;
  readonly catalogue: Catalogue;
  readonly priceBook: PriceBook;
  readonly contracts: readonly Contract[];
  readonly usage: readonly UsageBucket[];
  readonly jobs: readonly JobUsage[];
  /** Periods billed even without usage (so a committed minimum still produces its true-up). */
  readonly periods: readonly PeriodId[];
}

export interface RateUsageInputSpec {
  readonly tenantId: string;
  readonly catalogue: Catalogue;
  readonly priceBook: PriceBook;
  readonly contracts?: readonly Contract[];
  readonly usage: readonly {
    readonly sku: string;
    readonly jobType: JobType;
    readonly start: Date;
    readonly end?: Date;
    readonly quantity: DecimalInput;
  }[];
  readonly jobs?: readonly {
    readonly periodId: PeriodId;
    readonly sku: string;
    readonly jobType: JobType;
    readonly jobId: string;
    readonly deviceCount: number;
    readonly deviceHours: DecimalInput;
    readonly quantity: DecimalInput;
  }[];
  readonly periods?: readonly PeriodId[];
}

/** Validates everything rating needs, reporting every problem at once. */
export function buildRateUsageInput(spec: RateUsageInputSpec): RateUsageInput {
  return buildOrThrow('rating input', (issues) => readRateUsageInput(spec, issues));
}

function readRateUsageInput(spec: RateUsageInputSpec, issues: Issues): RateUsageInput {
  const tenantId = issues.string(spec.tenantId, 'tenantId');
  const contracts = spec.contracts ?? [];
  contracts.forEach((c, i) =>
    issues.check(
      c.tenantId === tenantId,
      `contracts[${i}].tenantId`,
      `contract ${c.id} belongs to tenant ${c.tenantId}`,
    ),
  );
  contracts.forEach((c, i) =>
    contracts.slice(i + 1).forEach((o) => {
      const overlap =
        c.effectiveFrom.getTime() < (o.effectiveTo?.getTime() ?? Infinity) &&
        o.effectiveFrom.getTime() < (c.effectiveTo?.getTime() ?? Infinity);
      issues.check(!overlap, `contracts[${i}]`, `contract ${c.id} overlaps contract ${o.id}`);
    }),
  );
  const usage = spec.usage.map((u, i): UsageBucket => {
    const p = `usage[${i}]`;
    const start = issues.instant(u.start, `${p}.start`);
    const end = u.end === undefined ? new Date(start.getTime() + HOUR_MS) : issues.instant(u.end, `${p}.end`);
    issues.check(end.getTime() > start.getTime(), `${p}.end`, 'must be after start');
    if (u.end === undefined)
      issues.check(start.getTime() % HOUR_MS === 0, `${p}.start`, 'an hour bucket starts on a whole UTC hour');
    const sku = spec.catalogue.get(u.sku);
    issues.check(sku !== undefined, `${p}.sku`, `unknown SKU ${u.sku}`);
    if (sku) checkPriced(spec.priceBook, contracts, u.sku, [start, new Date(end.getTime() - 1)], issues, p);
    return {
      sku: u.sku,
      jobType: issues.oneOf(u.jobType, JOB_TYPES, `${p}.jobType`, 'other'),
      start,
      end,
      quantity: issues.decimal(parseQuantity, u.quantity, `${p}.quantity`, ZERO),
    };
  });
  const jobs = (spec.jobs ?? []).map((j, i): JobUsage => {
    const p = `jobs[${i}]`;
    issues.check(isPeriodId(j.periodId), `${p}.periodId`, 'YYYY-MM');
    issues.check(Number.isInteger(j.deviceCount) && j.deviceCount > 0, `${p}.deviceCount`, 'a positive integer');
    return {
      periodId: j.periodId,
      sku: j.sku,
      jobType: issues.oneOf(j.jobType, JOB_TYPES, `${p}.jobType`, 'other'),
      jobId: issues.string(j.jobId, `${p}.jobId`),
      deviceCount: j.deviceCount,
      deviceHours: issues.decimal(parseQuantity, j.deviceHours, `${p}.deviceHours`, ZERO),
      quantity: issues.decimal(parseQuantity, j.quantity, `${p}.quantity`, ZERO),
    };
  });
  const periods = spec.periods ?? [];
  periods.forEach((id, i) => issues.check(isPeriodId(id), `periods[${i}]`, 'YYYY-MM'));
  return { tenantId, catalogue: spec.catalogue, priceBook: spec.priceBook, contracts, usage, jobs, periods };
}

function checkPriced(
  book: PriceBook,
  contracts: readonly Contract[],
  sku: string,
  instants: Date[],
  issues: Issues,
  path: string,
): void {
  for (const at of instants) {
    const override = contracts.find((c) => contractInForce(c, at))?.overrides.get(sku);
    const version = versionAt(book, at);
    if (!version) {
      issues.add(`${path}.start`, `price book ${book.id} has no version in force at ${at.toISOString()}`);
      return;
    }
    if (!override && !version.prices.has(sku)) {
      issues.add(`${path}.sku`, `no price for ${sku} at ${at.toISOString()} in price book ${book.id}`);
      return;
    }
  }
}
