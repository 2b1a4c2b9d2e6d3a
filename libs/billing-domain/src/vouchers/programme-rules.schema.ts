import { z } from 'zod';
import { Decimal, ROUNDING_RULES, type RoundingRuleCode } from '@park/money';
import { JOB_TYPES, RESOURCE_CLASSES } from '../catalogue/resource-class';
import { isLocalDate } from '../time/shanghai-calendar';
import { DAY_COUNTS } from './contract-settlement.rules';
import { INVOICING_MODES } from '../tax/invoicing';

// The one definition of a programme's rules' shape: buildProgramme checks every spec against it (so a misspelt key
// anywhere is named, whoever the caller), and the billing API publishes it in /openapi.json. What a value means
// (a ratio within 0..1, an amount ≥ 0, min ≤ max face value) is checked afterwards by readProgramme.

const DECIMAL_TEXT = /^-?\d{1,28}(\.\d{1,12})?$/;

/** An exact decimal: a string such as "0.30" on the wire, or a Decimal when built in code. Never a JSON number. */
const decimal = z
  .custom<string | Decimal>(
    (v) => (typeof v === 'string' && DECIMAL_TEXT.test(v)) || Decimal.isDecimal(v),
    'an exact decimal string such as "0.30" (not a JSON number)',
  )
  .meta({ type: 'string', pattern: DECIMAL_TEXT.source, description: 'exact decimal string' });

const localDate = z.string().refine(isLocalDate, 'YYYY-MM-DD').meta({ description: 'YYYY-MM-DD (Asia/Shanghai)' });
/** One of the codes, named in the error as the domain's other checks do. */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, {
    error: (i) => `must be one of ${values.join(', ')} (got ${JSON.stringify(i.input) ?? 'undefined'})`,
  });
const positiveInt = z.number({ error: 'a positive integer' }).int('a positive integer').positive('a positive integer');
const bool = z.boolean({ error: 'true or false' });
const strings = z.array(z.string().min(1));
const resourceClasses = z.array(oneOf(RESOURCE_CLASSES));
const roundingCodes = Object.keys(ROUNDING_RULES) as [RoundingRuleCode, ...RoundingRuleCode[]];

export const PROGRAMME_KINDS = ['voucher', 'training_subsidy'] as const;
export const MECHANISMS = ['on_bill', 'reimbursed', 'contract_settlement'] as const;
export const SETTLEMENT_CADENCES = ['quarterly', 'yearly', 'per_contract'] as const;
/** How a pool that cannot pay every tenant of a close is shared: a rule of the programme, never commit order. */
export const POOL_ORDERS = ['grant_issue_time', 'pro_rata'] as const;

const ratioCondition = z.strictObject({
  resourceClasses: resourceClasses.optional(),
  domesticChip: bool.optional(),
  chipFamilies: strings.optional(),
  tenantFlags: strings.optional().describe('applicant flags the tenant must all carry, e.g. startup'),
});

const ratio = z.union(
  [
    decimal.describe('a flat ratio, e.g. "0.30"'),
    z
      .strictObject({
        tiers: z.array(
          z.strictObject({ label: z.string().optional(), when: ratioCondition.optional(), ratio: decimal }),
        ),
        fallback: decimal.nullable().optional().describe('for lines matching no tier; null = nothing'),
      })
      .describe('first matching tier wins'),
  ],
  { error: 'a ratio ("0.30") or { tiers, fallback }' },
);

const eligibility = z.strictObject({
  resourceClasses: resourceClasses.nullable().optional().describe('null = any'),
  skus: strings.nullable().optional(),
  jobTypes: z.array(oneOf(JOB_TYPES)).nullable().optional(),
  requiredTenantFlags: strings.optional(),
  excludedTenantFlags: strings.optional(),
  trainingThreshold: z
    .strictObject({
      minDevices: positiveInt.nullable().optional(),
      minDeviceHours: decimal.nullable().optional(),
    })
    .nullable()
    .optional(),
});

const caps = z.strictObject({
  minFaceValue: decimal.nullable().optional(),
  maxFaceValue: decimal.nullable().optional(),
  perTenantPerYear: decimal.nullable().optional().describe('deductions per tenant per calendar year'),
  perTenantCumulative: decimal.nullable().optional().describe("over the programme's life"),
  singleUsePerContract: bool.optional(),
});

const contractRules = z.strictObject({
  signedOnOrAfter: localDate.nullable().optional(),
  signedOnOrBefore: localDate.nullable().optional(),
  maxTermMonths: positiveInt.nullable().optional(),
});

const contractSettlement = z
  .strictObject({
    basePeriod: z
      .union([z.strictObject({ from: localDate, to: localDate }), z.literal('settlement_year')], {
        error: '{ from, to } or "settlement_year"',
      })
      .describe("the subsidy's base period, or the calendar year of the settlement"),
    dayCount: oneOf(DAY_COUNTS).describe('difference: to − from (Nanning), inclusive: + 1'),
    intermediateRounding: oneOf(roundingCodes).describe('of the prorated base, e.g. TRUNCATE_YUAN'),
    finalRounding: oneOf(roundingCodes).describe('of the subsidy, e.g. TRUNCATE_YUAN'),
  })
  .describe('mechanism contract_settlement: subsidy = final(intermediate(settled × base days ÷ term days) × ratio)');

/** A programme's rules: billing-domain's ProgrammeSpec without id, bureau and name. Unknown keys are refused. */
export const programmeRulesSchema = z.strictObject({
  kind: oneOf(PROGRAMME_KINDS).optional().describe('default voucher'),
  mechanism: oneOf(MECHANISMS).optional().describe('default on_bill'),
  priority: z.number({ error: 'an integer' }).int('an integer').optional().describe('lower runs first; default 100'),
  ratio,
  eligibility: eligibility.optional(),
  caps: caps.optional(),
  pool: z
    .strictObject({
      yearlyBudget: decimal,
      order: oneOf(POOL_ORDERS).optional().describe('who is paid first when the pool runs out'),
    })
    .nullable()
    .optional(),
  funders: z.array(z.strictObject({ id: z.string().min(1), share: decimal })).optional(),
  window: z.strictObject({ from: localDate, to: localDate }).nullable().optional(),
  dayProration: bool.optional(),
  rounding: oneOf(roundingCodes).optional().describe('default HALF_UP_FEN'),
  stackingGroup: z.string().min(1).nullable().optional(),
  settlementCadence: oneOf(SETTLEMENT_CADENCES).nullable().optional(),
  rejectedAmountsToTenant: bool.optional(),
  invoicing: oneOf(INVOICING_MODES)
    .optional()
    .describe('who is invoiced for the voucher-paid share: tenant_full (default), tenant_net or bureau_share'),
  contractRules: contractRules.nullable().optional(),
  contractSettlement: contractSettlement.nullable().optional(),
});

/** Every problem of a rules object's shape, as `path: message` pairs (path relative to the rules). */
export function rulesShapeIssues(rules: unknown): { path: string; message: string }[] {
  const result = programmeRulesSchema.safeParse(rules);
  if (result.success) return [];
  return flatten(result.error.issues, '');
}

function flatten(issues: readonly z.core.$ZodIssue[], prefix: string): { path: string; message: string }[] {
  return issues.flatMap((issue) => {
    const at = prefix + issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    if (issue.code === 'unrecognized_keys') {
      const known = Object.keys(objectAt(issue.path)?.shape ?? {}).join(', ');
      return issue.keys.map((key) => ({ path: `${at}.${key}`, message: `unknown key (${known})` }));
    }
    if (issue.code === 'invalid_union') {
      // report inside the one alternative the value has the type of (e.g. the { tiers } form of a ratio)
      const fitting = issue.errors.filter((branch) => !branch.some((i) => i.path.length === 0 && isTypeMismatch(i)));
      if (fitting.length === 1) return flatten(fitting[0], at);
    }
    return [{ path: at, message: issue.message }];
  });
}

/** The object schema at a path of the rules (through optional, nullable, arrays and the ratio's { tiers } form). */
function objectAt(path: readonly PropertyKey[]): z.ZodObject | null {
  let at: z.ZodType | undefined = programmeRulesSchema;
  for (const step of [...path, null]) {
    while (at instanceof z.ZodOptional || at instanceof z.ZodNullable) at = at.unwrap() as z.ZodType;
    if (at instanceof z.ZodUnion) at = (at.options as z.ZodType[]).find((o) => o instanceof z.ZodObject);
    if (step === null) break;
    if (at instanceof z.ZodArray) at = at.element as z.ZodType;
    else if (at instanceof z.ZodObject) at = (at.shape as Record<string, z.ZodType>)[String(step)];
    else return null;
  }
  return at instanceof z.ZodObject ? at : null;
}

const isTypeMismatch = (issue: z.core.$ZodIssue): boolean => issue.code === 'invalid_type' || issue.code === 'custom';
