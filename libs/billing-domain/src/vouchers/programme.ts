import { type ContractRules, type ContractRulesSpec, readContractRules } from './contract-rules';
import {
  type ContractSettlementRules,
  type ContractSettlementRulesSpec,
  readSettlementProgramme,
} from './contract-settlement.rules';
import {
  type Decimal,
  type DecimalInput,
  type RoundingRuleCode,
  ONE,
  ZERO,
  isRoundingRuleCode,
  parseDecimal,
  parseNonNegativeAmount,
  parseQuantity,
  parseRatio,
} from '@park/money';
import { JOB_TYPES, type JobType, RESOURCE_CLASSES, type ResourceClass } from '../catalogue/resource-class';
import { buildOrThrow, Issues, ValidationError } from '../errors/validation.error';
import { isLocalDate, type LocalDate } from '../time/shanghai-calendar';
import {
  MECHANISMS,
  POOL_ORDERS,
  programmeRulesSchema,
  rulesShapeIssues,
  SETTLEMENT_CADENCES,
} from './programme-rules.schema';

export { POOL_ORDERS, SETTLEMENT_CADENCES };

export type ProgrammeKind = 'voucher' | 'training_subsidy';
/**
 * on_bill: deducted on the statement, the operator claims it; reimbursed: paid back after the tenant paid in full;
 * contract_settlement: a share of a contract's settled amount, computed when the settlement is recorded (no grants).
 */
export type Mechanism = 'on_bill' | 'reimbursed' | 'contract_settlement';
/** How the operator claims the programme's redemptions back (兑付): per quarter, per year, or per contract. */
export type SettlementCadence = (typeof SETTLEMENT_CADENCES)[number];

/** A ratio tier applies when every condition it names holds. */
export interface RatioCondition {
  readonly resourceClasses?: readonly ResourceClass[];
  readonly domesticChip?: boolean;
  readonly chipFamilies?: readonly string[];
  /** Applicant flags the tenant must all carry, e.g. `startup`. */
  readonly tenantFlags?: readonly string[];
}

export interface RatioTier {
  readonly label: string;
  readonly when: RatioCondition;
  readonly ratio: Decimal;
}

/** First matching tier wins; otherwise `fallback`; null fallback = lines matching no tier get nothing. */
export interface RatioRule {
  readonly tiers: readonly RatioTier[];
  readonly fallback: Decimal | null;
}

export interface TrainingThreshold {
  /** A job qualifies when it ran on at least this many devices … */
  readonly minDevices: number | null;
  /** … and for at least this many device-hours (devices × hours). */
  readonly minDeviceHours: Decimal | null;
}

export interface Eligibility {
  /** null = any. Storage and network are excluded simply by not listing them. */
  readonly resourceClasses: readonly ResourceClass[] | null;
  readonly skus: readonly string[] | null;
  readonly jobTypes: readonly JobType[] | null;
  readonly requiredTenantFlags: readonly string[];
  readonly excludedTenantFlags: readonly string[];
  readonly trainingThreshold: TrainingThreshold | null;
}

export interface ProgrammeCaps {
  /** Checked when a grant is issued. */
  readonly minFaceValue: Decimal | null;
  readonly maxFaceValue: Decimal | null;
  /** Deductions per tenant per calendar year of the usage period. */
  readonly perTenantPerYear: Decimal | null;
  /** Deductions per tenant over the programme's life. */
  readonly perTenantCumulative: Decimal | null;
  /** One grant per contract (checked at grant time); such grants only cover that contract's lines. */
  readonly singleUsePerContract: boolean;
}

export interface Funder {
  readonly id: string;
  readonly share: Decimal;
}

export interface Programme {
  readonly id: string;
  readonly bureau: string;
  readonly name: string;
  readonly kind: ProgrammeKind;
  readonly mechanism: Mechanism;
  /** Lower runs first (grant order and stacking order); ties by id. */
  readonly priority: number;
  readonly ratio: RatioRule;
  readonly eligibility: Eligibility;
  readonly caps: ProgrammeCaps;
  /**
   * Yearly budget across all tenants; null = unlimited. `order` decides who is paid when a close cannot pay
   * everyone (see pool-allocation.ts): `grant_issue_time` (default) or `pro_rata`.
   */
  readonly pool: { readonly yearlyBudget: Decimal; readonly order: PoolOrder } | null;
  /** Co-funding shares (province : city 1 : 1); each deduction is split by them, remainder to the first. */
  readonly funders: readonly Funder[];
  /** Usage dates the programme covers (inclusive); grants must lie inside. */
  readonly window: { readonly from: LocalDate; readonly to: LocalDate } | null;
  /** A grant valid for part of a period covers eligible × valid days / days in period. */
  readonly dayProration: boolean;
  readonly rounding: RoundingRuleCode;
  /** Programmes in one group stack on a line up to the group's ceiling; others are 从优不重复. */
  readonly stackingGroup: string | null;
  /** null: the operator chooses per claim (quarterly by default). */
  readonly settlementCadence: SettlementCadence | null;
  /** Rules on the contract a grant is tied to (signing date, term); null = none. */
  readonly contractRules: ContractRules | null;
  /** The parameters of mechanism contract_settlement (base period, day count, roundings); null otherwise. */
  readonly contractSettlement: ContractSettlementRules | null;
  /** Whether amounts the bureau rejects on a claim are billed back to the tenant (the default) or borne by the operator. */
  readonly rejectedAmountsToTenant: boolean;
}

export interface StackingGroup {
  readonly id: string;
  /** Combined ceiling as a share of the line amount (1 = 100 %). */
  readonly ceiling: Decimal;
}

export interface ProgrammeSpec {
  readonly id: string;
  readonly bureau: string;
  readonly name: string;
  readonly kind?: ProgrammeKind;
  readonly mechanism?: Mechanism;
  readonly priority?: number;
  /** A flat ratio ("0.3") or tiers. */
  readonly ratio:
    | DecimalInput
    | {
        readonly tiers: readonly {
          readonly label?: string;
          readonly when: RatioCondition;
          readonly ratio: DecimalInput;
        }[];
        readonly fallback?: DecimalInput | null;
      };
  readonly eligibility?: {
    readonly resourceClasses?: readonly ResourceClass[] | null;
    readonly skus?: readonly string[] | null;
    readonly jobTypes?: readonly JobType[] | null;
    readonly requiredTenantFlags?: readonly string[];
    readonly excludedTenantFlags?: readonly string[];
    readonly trainingThreshold?: {
      readonly minDevices?: number | null;
      readonly minDeviceHours?: DecimalInput | null;
    } | null;
  };
  readonly caps?: {
    readonly minFaceValue?: DecimalInput | null;
    readonly maxFaceValue?: DecimalInput | null;
    readonly perTenantPerYear?: DecimalInput | null;
    readonly perTenantCumulative?: DecimalInput | null;
    readonly singleUsePerContract?: boolean;
  };
  readonly pool?: { readonly yearlyBudget: DecimalInput; readonly order?: PoolOrder } | null;
  readonly funders?: readonly { readonly id: string; readonly share: DecimalInput }[];
  readonly window?: { readonly from: LocalDate; readonly to: LocalDate } | null;
  readonly dayProration?: boolean;
  readonly rounding?: RoundingRuleCode;
  readonly stackingGroup?: string | null;
  readonly settlementCadence?: SettlementCadence | null;
  readonly rejectedAmountsToTenant?: boolean;
  readonly contractRules?: ContractRulesSpec | null;
  readonly contractSettlement?: ContractSettlementRulesSpec | null;
}

/** The keys a programme's rules may have (ProgrammeSpec without id, bureau, name): anything else is a mistake to report. */
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
  };
}

export type PoolOrder = (typeof POOL_ORDERS)[number];

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
