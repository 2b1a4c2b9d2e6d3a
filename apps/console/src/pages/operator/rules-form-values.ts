import type { Rules } from '../../api/operator-views';
import { periodOf } from '../../format/time';

/**
 * A programme's rules as the rules form holds them: the rules object itself (so each API issue path such as
 * rules.caps.maxFaceValue names a form field) plus two switches that are not rules: tiered or flat ratio, and
 * whether there is a pool. Keys the form does not show (funders, eligibility, window…) ride along unchanged.
 */
export interface RulesFormValues {
  effectiveFrom: string;
  ratioMode: 'flat' | 'tiers';
  poolOn: boolean;
  rules: Rules;
}

export interface RatioTiers {
  tiers: { label?: string; when?: Record<string, unknown>; ratio: string }[];
  fallback?: string | null;
}

/** The first day of next month (Asia/Shanghai): the earliest a new rules version can take effect. */
export function nextMonthFirstDay(now = new Date()): string {
  const [year, month] = periodOf(now).split('-').map(Number);
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

export function formValuesOf(rules: Rules): RulesFormValues {
  return {
    effectiveFrom: nextMonthFirstDay(),
    ratioMode: typeof rules.ratio === 'object' && rules.ratio !== null ? 'tiers' : 'flat',
    poolOn: typeof rules.pool === 'object' && rules.pool !== null,
    rules: structuredClone(rules),
  };
}

/** The ratio when the form switches between flat and tiered: the flat ratio becomes the first tier and back. */
export function switchedRatio(ratio: unknown, to: 'flat' | 'tiers'): unknown {
  if (to === 'tiers') return typeof ratio === 'object' ? ratio : { tiers: [{ ratio: ratio ?? '' }], fallback: null };
  return typeof ratio === 'object' && ratio !== null ? ((ratio as RatioTiers).tiers[0]?.ratio ?? '') : ratio;
}

/** Empty inputs ("" or undefined) leave their key out: the API's defaults apply, and nothing is sent as "". */
function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, withoutEmpty(v)]),
  );
}

/** The body of POST /v1/programmes/{id}/rules-versions from the form's values. */
export function rulesVersionBody(values: RulesFormValues): { effectiveFrom: string; rules: Rules } {
  const rules = { ...values.rules, pool: values.poolOn ? values.rules.pool : null };
  return { effectiveFrom: values.effectiveFrom, rules: withoutEmpty(rules) as Rules };
}
