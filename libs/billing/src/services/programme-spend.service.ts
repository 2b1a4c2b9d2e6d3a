import { Injectable } from '@nestjs/common';
import { nextPeriod, periodOf, previousPeriod, programmeInForce, type PeriodId } from '@park/billing-domain';
import { Decimal } from '@park/money';
import { InvalidInput, NotFound } from '../errors/billing.errors';
import { ProgrammeRepository } from '../repositories/programme.repository';
import { ProgrammeSpendRepository, type SpendMonthRow } from '../repositories/programme-spend.repository';
import { toProgrammeVersions } from './billing-context.loader';

/** The longest range one call answers (five years of months). */
export const MAX_SPEND_MONTHS = 60;

export interface ProgrammeSpendMonth {
  /** Asia/Shanghai month, YYYY-MM. */
  month: string;
  granted: string;
  redeemed: string;
  claimed: string;
  approved: string;
  /** The month's usage year's pool less what has been redeemed in that year up to the month's end; null: no pool. */
  poolLeft: string | null;
}

const ZERO = new Decimal(0);
const sum = (value: string | null | undefined) => new Decimal(value ?? 0);

/** A programme's spend by month (granted, redeemed, claimed, approved, pool left) for its bureau's auditor. */
@Injectable()
export class ProgrammeSpendService {
  constructor(
    private readonly programmes: ProgrammeRepository,
    private readonly spend: ProgrammeSpendRepository,
  ) {}

  /** Default range: the twelve months to the current one. */
  async byMonth(programmeId: string, range: { from?: string; to?: string } = {}) {
    const to = range.to ?? periodOf(new Date());
    let from = range.from;
    if (!from) {
      from = to;
      for (let i = 1; i < 12; i++) from = previousPeriod(from);
    }
    const months = monthsBetween(from, to);
    const row = await this.programmes.find(programmeId);
    if (!row) throw new NotFound('programme', programmeId);
    const versions = toProgrammeVersions(row);
    const rows = await this.spend.byMonth(programmeId);
    const byMonth = new Map(rows.map((r) => [r.month, r]));
    const out = months.map((month): ProgrammeSpendMonth => {
      const r: Partial<SpendMonthRow> = byMonth.get(month) ?? {};
      const redeemed = Object.values(r.redeemedByYear ?? {}).reduce((a, v) => a.plus(v), ZERO);
      const pool = programmeInForce(versions, month).pool;
      return {
        month,
        granted: sum(r.granted).toFixed(2),
        redeemed: redeemed.toFixed(2),
        claimed: sum(r.claimed).toFixed(2),
        approved: sum(r.approved).toFixed(2),
        poolLeft: pool ? pool.yearlyBudget.minus(redeemedInYearTo(rows, month)).toFixed(2) : null,
      };
    });
    return { programmeId, bureauId: row.bureauId, from, to, currency: 'CNY', months: out };
  }
}

/** Redeemed (net) counting in `month`'s year, from statements of months up to and including it. */
function redeemedInYearTo(rows: readonly SpendMonthRow[], month: PeriodId): Decimal {
  const year = month.slice(0, 4);
  return rows.filter((r) => r.month <= month).reduce((a, r) => a.plus(r.redeemedByYear?.[year] ?? 0), ZERO);
}

function monthsBetween(from: PeriodId, to: PeriodId): PeriodId[] {
  if (from > to) throw new InvalidInput('spend query', [{ path: 'from', message: `${from} is after ${to}` }]);
  const months: PeriodId[] = [];
  for (let m = from; m <= to; m = nextPeriod(m)) {
    if (months.length === MAX_SPEND_MONTHS)
      throw new InvalidInput('spend query', [
        { path: 'from', message: `at most ${MAX_SPEND_MONTHS} months from ${from} to ${to}` },
      ]);
    months.push(m);
  }
  return months;
}
