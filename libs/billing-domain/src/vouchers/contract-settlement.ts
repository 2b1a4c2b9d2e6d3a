import { Decimal, type DecimalInput, ZERO, formatAmount, parseNonNegativeAmount, roundMoney } from '@park/money';
import { buildOrThrow, type Issues } from '../errors/validation.error';
import {
  dayNumberToLocalDate,
  isLocalDate,
  localDateOf,
  localDateToDayNumber,
  type LocalDate,
} from '../time/shanghai-calendar';
import { checkContractRules, type ContractFacts } from './contract-rules';
import type { ContractSettlementRules } from './contract-settlement.rules';
import type { Programme } from './programme';

// A contract-settlement programme (issue 12 item 3, Nanning's 算力券 the model) pays a share of what a tenant
// settled under a contract, prorated by the days of the base period that fall in the contract's term:
//   baseDays    = days of [base from, base to] ∩ [term from, term to]   (counted by the programme's dayCount)
//   prorated    = settled × baseDays ÷ termDays                           (exact)
//   roundedBase = intermediateRounding(prorated)                         (Nanning: truncated to whole 元)
//   subsidy     = finalRounding(roundedBase × ratio)                     (Nanning: truncated again)
//   amount      = min(subsidy, tenant-year cap left, tenant cumulative cap left), never below 0
// Caps are 2-dp amounts, so a capped amount is not rounded again (as on bills).

export interface ContractSettlementInputSpec {
  readonly programme: Programme;
  readonly contract: ContractFacts;
  readonly settledAmount: DecimalInput;
  readonly settledOn: LocalDate;
  /** What this tenant's earlier settlements of the programme paid: in the base period's year, and in all. */
  readonly usedThisYear: DecimalInput;
  readonly usedCumulative: DecimalInput;
}

export interface ContractSettlementInput {
  readonly programme: Programme;
  readonly rules: ContractSettlementRules;
  readonly ratio: Decimal;
  readonly contractId: string;
  readonly term: DateSpan;
  readonly base: DateSpan;
  readonly settledAmount: Decimal;
  readonly settledOn: LocalDate;
  readonly usedThisYear: Decimal;
  readonly usedCumulative: Decimal;
}

export interface DateSpan {
  readonly from: LocalDate;
  /** Inclusive. */
  readonly to: LocalDate;
}

/** Every number of the computation, as strings, so the recorded settlement explains itself. */
export interface ContractSettlementSteps {
  readonly programmeId: string;
  readonly contractId: string;
  readonly settledAmount: string;
  readonly settledOn: LocalDate;
  readonly basePeriod: DateSpan;
  readonly term: DateSpan;
  readonly dayCount: ContractSettlementRules['dayCount'];
  readonly baseDays: number;
  readonly termDays: number;
  /** settled × baseDays ÷ termDays, to 6 decimals for reading (the rounding used the exact value). */
  readonly proratedBase: string;
  readonly intermediateRounding: string;
  readonly roundedBase: string;
  readonly ratio: string;
  readonly finalRounding: string;
  readonly subsidy: string;
  readonly limits: { readonly perTenantPerYearLeft: string | null; readonly perTenantCumulativeLeft: string | null };
  /** What was paid: the subsidy after caps. */
  readonly amount: string;
  readonly boundBy: 'subsidy' | 'perTenantPerYear' | 'perTenantCumulative';
  /** The calendar year the amount counts in (the base period's). */
  readonly year: number;
}

const DAY = 1;

export function buildContractSettlementInput(spec: ContractSettlementInputSpec): ContractSettlementInput {
  return buildOrThrow('contract settlement', (issues) => readInput(spec, issues));
}

function readInput(spec: ContractSettlementInputSpec, issues: Issues): ContractSettlementInput {
  const { programme, contract } = spec;
  const rules = programme.contractSettlement;
  issues.check(
    programme.mechanism === 'contract_settlement' && rules !== null,
    'programmeId',
    `programme ${programme.id} does not pay on contract settlements (mechanism ${programme.mechanism})`,
  );
  const settledAmount = issues.decimal(parseNonNegativeAmount, spec.settledAmount, 'settledAmount', ZERO);
  issues.check(!settledAmount.isZero(), 'settledAmount', 'must be above 0');
  const settledOnValid = issues.check(isLocalDate(spec.settledOn), 'settledOn', 'YYYY-MM-DD');
  const used = (v: DecimalInput, p: string) => issues.decimal(parseNonNegativeAmount, v, p, ZERO);
  const term = termOf(contract, issues);
  if (programme.contractRules) checkContractRules(programme.contractRules, contract, issues, 'contractId');
  const fallback: DateSpan = { from: '1970-01-01', to: '1970-01-01' };
  const base = rules && settledOnValid ? basePeriodOf(rules, spec.settledOn) : fallback;
  if (term && rules && settledOnValid && overlapDays(base, term, 'inclusive') === 0)
    issues.add(
      rules.basePeriod === 'settlement_year' ? 'settledOn' : 'contractId',
      `contract ${contract.id} runs ${term.from}..${term.to}: no day in the base period ${base.from}..${base.to}`,
    );
  if (term && settledOnValid)
    issues.check(spec.settledOn >= term.from, 'settledOn', `before contract ${contract.id} started (${term.from})`);
  return {
    programme,
    rules: rules as ContractSettlementRules,
    ratio: programme.ratio.fallback ?? ZERO,
    contractId: contract.id,
    term: term ?? fallback,
    base,
    settledAmount,
    settledOn: spec.settledOn,
    usedThisYear: used(spec.usedThisYear, 'usedThisYear'),
    usedCumulative: used(spec.usedCumulative, 'usedCumulative'),
  };
}

/** The contract's term as inclusive local dates: its effective dates, else its start and written term in months. */
function termOf(contract: ContractFacts, issues: Issues): DateSpan | null {
  const from = localDateOf(contract.effectiveFrom);
  if (contract.effectiveTo !== null) {
    return { from, to: dayNumberToLocalDate(localDateToDayNumber(localDateOf(contract.effectiveTo)) - DAY) };
  }
  if (contract.termMonths !== null) {
    const [y, m, d] = from.split('-').map(Number);
    const end = new Date(Date.UTC(y, m - 1 + contract.termMonths, d));
    return { from, to: dayNumberToLocalDate(Math.round(end.getTime() / 86_400_000) - DAY) };
  }
  issues.add('contractId', `contract ${contract.id} is open-ended and names no term: its term days are unknown`);
  return null;
}

function basePeriodOf(rules: ContractSettlementRules, settledOn: LocalDate): DateSpan {
  if (rules.basePeriod !== 'settlement_year') return rules.basePeriod;
  const year = settledOn.slice(0, 4);
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** Days of a span (or of two spans' overlap): later − earlier by `difference`, + 1 when `inclusive`; 0 if apart. */
function overlapDays(a: DateSpan, b: DateSpan, dayCount: ContractSettlementRules['dayCount']): number {
  const first = Math.max(localDateToDayNumber(a.from), localDateToDayNumber(b.from));
  const last = Math.min(localDateToDayNumber(a.to), localDateToDayNumber(b.to));
  if (last < first) return 0;
  return last - first + (dayCount === 'inclusive' ? 1 : 0);
}

/** The subsidy of one contract settlement, with every step. Pure. */
export function computeContractSettlement(input: ContractSettlementInput): ContractSettlementSteps {
  const { rules, programme, term, base, settledAmount, ratio } = input;
  const termDays = overlapDays(term, term, rules.dayCount);
  const baseDays = overlapDays(base, term, rules.dayCount);
  // a one-day term counts 0 days by difference: the whole settlement then lies in the base period
  const prorated = termDays === 0 ? settledAmount : settledAmount.times(baseDays).dividedBy(termDays);
  const roundedBase = roundMoney(prorated, rules.intermediateRounding);
  const subsidy = roundMoney(roundedBase.times(ratio), rules.finalRounding);
  const left = (cap: Decimal | null, used: Decimal) => (cap === null ? null : Decimal.max(ZERO, cap.minus(used)));
  const yearLeft = left(programme.caps.perTenantPerYear, input.usedThisYear);
  const cumulativeLeft = left(programme.caps.perTenantCumulative, input.usedCumulative);
  let amount = subsidy;
  let boundBy: ContractSettlementSteps['boundBy'] = 'subsidy';
  if (yearLeft !== null && yearLeft.lessThan(amount)) [amount, boundBy] = [yearLeft, 'perTenantPerYear'];
  if (cumulativeLeft !== null && cumulativeLeft.lessThan(amount))
    [amount, boundBy] = [cumulativeLeft, 'perTenantCumulative'];
  const show = (d: Decimal | null) => (d === null ? null : formatAmount(d));
  return {
    programmeId: programme.id,
    contractId: input.contractId,
    settledAmount: formatAmount(settledAmount),
    settledOn: input.settledOn,
    basePeriod: base,
    term,
    dayCount: rules.dayCount,
    baseDays,
    termDays,
    proratedBase: prorated.toFixed(6),
    intermediateRounding: rules.intermediateRounding,
    roundedBase: formatAmount(roundedBase),
    ratio: ratio.toString(),
    finalRounding: rules.finalRounding,
    subsidy: formatAmount(subsidy),
    limits: { perTenantPerYearLeft: show(yearLeft), perTenantCumulativeLeft: show(cumulativeLeft) },
    amount: formatAmount(amount),
    boundBy,
    year: Number(base.from.slice(0, 4)),
  };
}
