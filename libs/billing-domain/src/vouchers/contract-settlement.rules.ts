import { isRoundingRuleCode, type RoundingRuleCode } from '@park/money';
import type { Issues } from '../errors/validation.error';
import { isLocalDate, type LocalDate } from '../time/shanghai-calendar';

/**
 * How days are counted (issue 12 item 3). `difference`: the later date minus the earlier, as Nanning's worked example
 * does (2025-03-01 → 2025-12-31 is 305 days, 2025-01-01 → 2026-12-31 is 729). `inclusive`: both ends count (306, 730).
 */
export const DAY_COUNTS = ['difference', 'inclusive'] as const;
export type DayCount = (typeof DAY_COUNTS)[number];

/**
 * The base period a settlement is prorated to: fixed dates (e.g. the subsidy's window 2025-03-01..2025-12-31), or
 * `settlement_year`, the calendar year of the settlement's `settledOn`.
 */
export type BasePeriodRule = { readonly from: LocalDate; readonly to: LocalDate } | 'settlement_year';

/** A contract-settlement programme's parameters: final(intermediate(settled × base days ÷ term days) × ratio). */
export interface ContractSettlementRules {
  readonly basePeriod: BasePeriodRule;
  readonly dayCount: DayCount;
  /** Applied to the prorated base before the ratio (Nanning: TRUNCATE_YUAN). */
  readonly intermediateRounding: RoundingRuleCode;
  /** Applied to the subsidy (Nanning: TRUNCATE_YUAN). */
  readonly finalRounding: RoundingRuleCode;
}

export interface ContractSettlementRulesSpec {
  readonly basePeriod: BasePeriodRule;
  readonly dayCount: DayCount;
  readonly intermediateRounding: RoundingRuleCode;
  readonly finalRounding: RoundingRuleCode;
}

/** Reads the rules (their shape is already checked by programmeRulesSchema); names what the values break. */
export function readContractSettlementRules(
  spec: ContractSettlementRulesSpec | null | undefined,
  issues: Issues,
  path: string,
): ContractSettlementRules | null {
  if (spec == null || typeof spec !== 'object') return null;
  const base = spec.basePeriod;
  if (typeof base === 'object' && base !== null) {
    const from = issues.check(isLocalDate(base.from), `${path}.basePeriod.from`, 'YYYY-MM-DD');
    const to = issues.check(isLocalDate(base.to), `${path}.basePeriod.to`, 'YYYY-MM-DD');
    if (from && to) issues.check(base.from <= base.to, `${path}.basePeriod`, 'from after to');
  } else {
    issues.check(base === 'settlement_year', `${path}.basePeriod`, '{ from, to } or "settlement_year"');
  }
  issues.check(DAY_COUNTS.includes(spec.dayCount), `${path}.dayCount`, `one of ${DAY_COUNTS.join(', ')}`);
  for (const key of ['intermediateRounding', 'finalRounding'] as const)
    issues.check(isRoundingRuleCode(spec[key]), `${path}.${key}`, 'unknown rounding rule');
  return {
    basePeriod: base,
    dayCount: spec.dayCount,
    intermediateRounding: spec.intermediateRounding,
    finalRounding: spec.finalRounding,
  };
}

/**
 * A programme's contract-settlement parameters: required with mechanism contract_settlement (which pays a flat ratio,
 * tiers need usage lines), refused with any other mechanism.
 */
export function readSettlementProgramme(
  spec: {
    readonly mechanism?: string;
    readonly ratio: unknown;
    readonly contractSettlement?: ContractSettlementRulesSpec | null;
  },
  issues: Issues,
  path: string,
): ContractSettlementRules | null {
  const at = `${path}.contractSettlement`;
  if (spec.mechanism !== 'contract_settlement') {
    issues.check(spec.contractSettlement == null, at, 'only with mechanism contract_settlement');
    return null;
  }
  issues.check(spec.contractSettlement != null, at, 'required with mechanism contract_settlement');
  const flat = typeof spec.ratio === 'string' || (typeof spec.ratio === 'object' && !('tiers' in (spec.ratio ?? {})));
  issues.check(flat, `${path}.ratio`, 'a contract-settlement programme pays a flat ratio ("0.30"), not tiers');
  return readContractSettlementRules(spec.contractSettlement, issues, at);
}
