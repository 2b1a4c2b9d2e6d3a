import type { Issues } from '../errors/validation.error';
import { isLocalDate, localDateOf, type LocalDate } from '../time/shanghai-calendar';

/**
 * A programme's rules on the contract a grant is tied to (e.g. Beijing: contracts signed on or after a date, with a
 * term of at most 12 months). A programme with contract rules only grants on a named contract that meets them.
 */
export interface ContractRules {
  /** Inclusive, Asia/Shanghai calendar day. */
  readonly signedOnOrAfter: LocalDate | null;
  /** Inclusive. */
  readonly signedOnOrBefore: LocalDate | null;
  readonly maxTermMonths: number | null;
}

export interface ContractRulesSpec {
  readonly signedOnOrAfter?: LocalDate | null;
  readonly signedOnOrBefore?: LocalDate | null;
  readonly maxTermMonths?: number | null;
}

/** What the rules read from a contract. */
export interface ContractFacts {
  readonly id: string;
  readonly signedOn: LocalDate;
  /** As written in the contract; null = from its effective dates. */
  readonly termMonths: number | null;
  readonly effectiveFrom: Date;
  /** Exclusive; null = open-ended. */
  readonly effectiveTo: Date | null;
}

const KEYS = ['signedOnOrAfter', 'signedOnOrBefore', 'maxTermMonths'];

export function readContractRules(
  spec: ContractRulesSpec | null | undefined,
  issues: Issues,
  path: string,
): ContractRules | null {
  if (spec == null) return null;
  if (typeof spec !== 'object') {
    issues.add(path, `an object with ${KEYS.join(', ')}`);
    return null;
  }
  for (const key of Object.keys(spec)) {
    issues.check(KEYS.includes(key), `${path}.${key}`, `unknown key (${KEYS.join(', ')})`);
  }
  const date = (v: unknown, p: string): LocalDate | null => {
    if (v == null) return null;
    return issues.check(isLocalDate(v), `${path}.${p}`, 'YYYY-MM-DD') ? (v as LocalDate) : null;
  };
  const after = date(spec.signedOnOrAfter, 'signedOnOrAfter');
  const before = date(spec.signedOnOrBefore, 'signedOnOrBefore');
  if (after && before) issues.check(after <= before, `${path}.signedOnOrBefore`, 'before signedOnOrAfter');
  const max = spec.maxTermMonths ?? null;
  if (max !== null) issues.check(Number.isInteger(max) && max > 0, `${path}.maxTermMonths`, 'a positive integer');
  issues.check(after !== null || before !== null || max !== null, path, `names no rule (${KEYS.join(', ')})`);
  return { signedOnOrAfter: after, signedOnOrBefore: before, maxTermMonths: max };
}

/**
 * The contract's term in months: as written, else from its effective dates in Asia/Shanghai, a started month
 * counting whole (1 March → 1 March next year is 12; → 2 March is 13). null: open-ended with no written term.
 */
export function contractTermMonths(c: ContractFacts): number | null {
  if (c.termMonths !== null) return c.termMonths;
  if (c.effectiveTo === null) return null;
  const [y1, m1, d1] = localDateOf(c.effectiveFrom).split('-').map(Number);
  const [y2, m2, d2] = localDateOf(c.effectiveTo).split('-').map(Number);
  return (y2 - y1) * 12 + (m2 - m1) + (d2 > d1 ? 1 : 0);
}

/** Every way the contract fails the rules, as issues on `path` (none: admitted). */
export function checkContractRules(rules: ContractRules, contract: ContractFacts, issues: Issues, path: string): void {
  const signed = `contract ${contract.id} was signed on ${contract.signedOn}`;
  const admits = 'the programme admits';
  const { signedOnOrAfter: after, signedOnOrBefore: before, maxTermMonths: max } = rules;
  const signedOn = contract.signedOn;
  if (after) issues.check(signedOn >= after, path, `${signed}; ${admits} contracts signed on or after ${after}`);
  if (before) issues.check(signedOn <= before, path, `${signed}; ${admits} contracts signed on or before ${before}`);
  if (max !== null) {
    const term = contractTermMonths(contract);
    const most = `${admits} terms of at most ${max} months`;
    if (term === null) issues.add(path, `contract ${contract.id} is open-ended and names no term; ${most}`);
    else issues.check(term <= max, path, `contract ${contract.id} runs ${term} months; ${most}`);
  }
}
