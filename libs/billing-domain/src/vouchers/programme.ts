import { readContractRules } from './contract-rules';
import { readSettlementProgramme } from './contract-settlement.rules';
import {
  type Decimal,
  type DecimalInput,
  ONE,
  ZERO,
  isRoundingRuleCode,
  parseDecimal,
  parseNonNegativeAmount,
  parseQuantity,
  parseRatio,
} from '@park/money';
import { JOB_TYPES, RESOURCE_CLASSES } from '../catalogue/resource-class';
import { buildOrThrow, Issues, ValidationError } from '../errors/validation.error';
import { isLocalDate } from '../time/shanghai-calendar';
import {
  EVIDENCE_ITEMS,
  MECHANISMS,
  POOL_ORDERS,
  programmeRulesSchema,
  rulesShapeIssues,
  SETTLEMENT_CADENCES,
} from './programme-rules.schema';
import type { Programme, ProgrammeSpec, RatioRule, StackingGroup } from './programme.types';

export { EVIDENCE_ITEMS, POOL_ORDERS, SETTLEMENT_CADENCES };
// Many modules import the model's types from here, next to buildProgramme.
export type {
  Programme,
  ProgrammeSpec,
  ProgrammeKind,
  Mechanism,
  SettlementCadence,
  RatioRule,
  RatioTier,
  RatioCondition,
  Eligibility,
  ProgrammeCaps,
  Funder,
  StackingGroup,
  TrainingThreshold,
  PoolOrder,
  EvidenceItem,
} from './programme.types';

/**
 * The keys a programme's rules may have (ProgrammeSpec without id, bureau, name): anything else is a mistake to report.
 */
export const PROGRAMME_RULE_KEYS: readonly string[] = Object.keys(programmeRulesSchema.shape);

export function readProgramme(spec: ProgrammeSpec, issues: Issues, path: string): Programme {
  const amount = (value: DecimalInput | null | undefined, p: string): Decimal | null =>
    value == null ? null : issues.decimal(parseNonNegativeAmount, value, `${path}.${p}`, ZERO);
  const kind = issues.oneOf(
    spec.kind ?? 'voucher',
    ['voucher', 'training_subsidy'] as const,
    `${path}.kind`,
    'voucher',
  );
  const e = spec.eligibility ?? {};
  const jobTypes = e.jobTypes ?? (kind === 'training_subsidy' ? ['training' as const] : null);
  jobTypes?.forEach((j, i) => issues.oneOf(j, JOB_TYPES, `${path}.eligibility.jobTypes[${i}]`, 'other'));
  if (kind === 'training_subsidy') {
    issues.check(
      jobTypes !== null && jobTypes.length > 0 && jobTypes.every((j) => j === 'training'),
      `${path}.eligibility.jobTypes`,
      'a training subsidy covers job type training only',
    );
  }
  e.resourceClasses?.forEach((c, i) =>
    issues.oneOf(c, RESOURCE_CLASSES, `${path}.eligibility.resourceClasses[${i}]`, 'general'),
  );
  const threshold = e.trainingThreshold ?? null;
  if (threshold?.minDevices != null)
    issues.check(
      Number.isInteger(threshold.minDevices) && threshold.minDevices > 0,
      `${path}.eligibility.trainingThreshold.minDevices`,
      'a positive integer',
    );
  const caps = spec.caps ?? {};
  const minFace = amount(caps.minFaceValue, 'caps.minFaceValue');
  const maxFace = amount(caps.maxFaceValue, 'caps.maxFaceValue');
  if (minFace && maxFace)
    issues.check(minFace.lessThanOrEqualTo(maxFace), `${path}.caps.minFaceValue`, 'greater than maxFaceValue');
  const funders = (spec.funders ?? [{ id: spec.bureau, share: '1' }]).map((f, i) => ({
    id: issues.string(f.id, `${path}.funders[${i}].id`),
    share: issues.decimal((x) => parseDecimal(x, { label: 'share' }), f.share, `${path}.funders[${i}].share`, ONE),
  }));
  issues.check(
    funders.length > 0 && funders.some((f) => !f.share.isZero()),
    `${path}.funders`,
    'at least one funder with a share above 0',
  );
  issues.check(new Set(funders.map((f) => f.id)).size === funders.length, `${path}.funders`, 'duplicate funder id');
  const window = spec.window ?? null;
  if (window) {
    issues.check(isLocalDate(window.from), `${path}.window.from`, 'YYYY-MM-DD');
    issues.check(isLocalDate(window.to), `${path}.window.to`, 'YYYY-MM-DD');
    issues.check(window.from <= window.to, `${path}.window`, 'from after to');
  }
  const rounding = spec.rounding ?? 'HALF_UP_FEN';
  issues.check(isRoundingRuleCode(rounding), `${path}.rounding`, 'unknown rounding rule');
  const priority = spec.priority ?? 100;
  const cadence =
    spec.settlementCadence == null
      ? null
      : issues.oneOf(spec.settlementCadence, SETTLEMENT_CADENCES, `${path}.settlementCadence`, 'quarterly');
  const toTenant = spec.rejectedAmountsToTenant ?? true;
  issues.check(typeof toTenant === 'boolean', `${path}.rejectedAmountsToTenant`, 'true or false');
  issues.check(Number.isInteger(priority), `${path}.priority`, 'an integer');
  return {
    id: issues.string(spec.id, `${path}.id`),
    bureau: issues.string(spec.bureau, `${path}.bureau`),
    name: issues.string(spec.name, `${path}.name`),
    kind,
    mechanism: issues.oneOf(spec.mechanism ?? 'on_bill', MECHANISMS, `${path}.mechanism`, 'on_bill'),
    priority,
    ratio: readRatio(spec.ratio, issues, `${path}.ratio`),
    eligibility: {
      resourceClasses: e.resourceClasses ?? null,
      skus: e.skus ?? null,
      jobTypes,
      requiredTenantFlags: e.requiredTenantFlags ?? [],
      excludedTenantFlags: e.excludedTenantFlags ?? [],
      trainingThreshold:
        threshold === null
          ? null
          : {
              minDevices: threshold.minDevices ?? null,
              minDeviceHours:
                threshold.minDeviceHours == null
                  ? null
                  : issues.decimal(
                      parseQuantity,
                      threshold.minDeviceHours,
                      `${path}.eligibility.trainingThreshold.minDeviceHours`,
                      ZERO,
                    ),
            },
    },
    caps: {
      minFaceValue: minFace,
      maxFaceValue: maxFace,
      perTenantPerYear: amount(caps.perTenantPerYear, 'caps.perTenantPerYear'),
      perTenantCumulative: amount(caps.perTenantCumulative, 'caps.perTenantCumulative'),
      singleUsePerContract: caps.singleUsePerContract ?? false,
    },
    pool: readPool(spec.pool, issues, `${path}.pool`),
    funders,
    window,
    dayProration: spec.dayProration ?? false,
    rounding,
    stackingGroup: spec.stackingGroup ?? null,
    settlementCadence: cadence,
    rejectedAmountsToTenant: toTenant === true,
    contractRules: readContractRules(spec.contractRules, issues, `${path}.contractRules`),
    contractSettlement: readSettlementProgramme(spec, issues, path),
    evidenceChecklist: readChecklist(spec.evidenceChecklist, issues, `${path}.evidenceChecklist`),
  };
}

function readPool(spec: ProgrammeSpec['pool'], issues: Issues, path: string): Programme['pool'] {
  if (spec == null) return null;
  return {
    yearlyBudget: issues.decimal(parseNonNegativeAmount, spec.yearlyBudget, `${path}.yearlyBudget`, ZERO),
    order: issues.oneOf(spec.order ?? 'grant_issue_time', POOL_ORDERS, `${path}.order`, 'grant_issue_time'),
  };
}

function readRatio(spec: ProgrammeSpec['ratio'], issues: Issues, path: string): RatioRule {
  if (typeof spec === 'string' || (typeof spec === 'object' && spec !== null && !('tiers' in spec))) {
    return { tiers: [], fallback: issues.decimal(parseRatio, spec, path, ZERO) };
  }
  if (typeof spec !== 'object' || spec === null) {
    issues.add(path, 'a ratio ("0.3") or { tiers, fallback }');
    return { tiers: [], fallback: null };
  }
  const tiers = spec.tiers.map((t, i) => {
    t.when?.resourceClasses?.forEach((c, k) =>
      issues.oneOf(c, RESOURCE_CLASSES, `${path}.tiers[${i}].when.resourceClasses[${k}]`, 'general'),
    );
    return {
      label: t.label ?? `tier ${i + 1}`,
      when: t.when ?? {},
      ratio: issues.decimal(parseRatio, t.ratio, `${path}.tiers[${i}].ratio`, ZERO),
    };
  });
  return {
    tiers,
    fallback: spec.fallback == null ? null : issues.decimal(parseRatio, spec.fallback, `${path}.fallback`, ZERO),
  };
}

/**
 * Checks the rules' shape against programmeRulesSchema first (every nested key, every type, every code), so a
 * misspelt key is named rather than read as "no rule"; then what the values mean.
 */
export function buildProgramme(spec: ProgrammeSpec): Programme {
  const { id: _id, bureau: _bureau, name: _name, ...rules } = spec;
  const shape = rulesShapeIssues(rules).map((i) => ({ path: `programme${i.path}`, message: i.message }));
  if (shape.length === 0) return buildOrThrow('programme', (issues) => readProgramme(spec, issues, 'programme'));
  // still report every problem at once: what the values mean, where the shape let them be read, each place once
  const values = new Issues();
  try {
    readProgramme(spec, values, 'programme');
  } catch {
    // a value of the wrong type stopped the reading; its shape issue is already reported
  }
  const within = (path: string, at: string) => path === at || path.startsWith(`${at}.`) || path.startsWith(`${at}[`);
  const more = values.all.filter((i) => !shape.some((s) => within(i.path, s.path)));
  throw new ValidationError([...shape, ...more], 'programme');
}

export function readStackingGroup(
  spec: { readonly id: string; readonly ceiling: DecimalInput },
  issues: Issues,
  path: string,
): StackingGroup {
  return {
    id: issues.string(spec.id, `${path}.id`),
    ceiling: issues.decimal(parseRatio, spec.ceiling, `${path}.ceiling`, ONE),
  };
}

function readChecklist(spec: ProgrammeSpec['evidenceChecklist'], issues: Issues, path: string) {
  const items = [...(spec ?? [])];
  items.forEach((item, i) => issues.oneOf(item, EVIDENCE_ITEMS, `${path}[${i}]`, 'contract'));
  issues.check(new Set(items).size === items.length, path, 'an item is listed twice');
  return items;
}
