import { Decimal } from '@park/money';
import { ValidationError } from '../errors/validation.error';
import { buildProgramme, type ProgrammeSpec } from './programme';
import { programmeRulesSchema } from './programme-rules.schema';

const base = { id: 'p', bureau: 'city', name: '城市算力券', ratio: '0.3' };

function pathsOf(spec: Record<string, unknown>): string[] {
  try {
    buildProgramme(spec as unknown as ProgrammeSpec);
  } catch (e) {
    if (e instanceof ValidationError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  throw new Error('expected the programme to be refused');
}

describe('programme rules: every nested key checked', () => {
  it.each([
    ['eligibility.resourceClass', { eligibility: { resourceClass: ['ai'] } }],
    ['caps.perTenantPerYr', { caps: { perTenantPerYr: '100000.00' } }],
    ['pool.budget', { pool: { yearlyBudget: '1.00', budget: '2.00' } }],
    ['eligibility.trainingThreshold.minDevice', { eligibility: { trainingThreshold: { minDevice: 8 } } }],
    ['ratio.fallbck', { ratio: { tiers: [], fallbck: '0.1' } }],
    [
      'ratio.tiers[1].when.domestic',
      { ratio: { tiers: [{ ratio: '0.5' }, { when: { domestic: true }, ratio: '0.3' }] } },
    ],
    ['funders[0].shares', { funders: [{ id: 'a', share: '1', shares: '1' }] }],
    ['window.until', { window: { from: '2026-01-01', to: '2026-12-31', until: '2026-12-31' } }],
    ['contractRules.signedAfter', { contractRules: { signedAfter: '2026-01-01', maxTermMonths: 12 } }],
    ['rejectedAmountToTenant', { rejectedAmountToTenant: false }],
  ])('names the unknown key %s', (path, rules) => {
    const [only, ...more] = pathsOf({ ...base, ...rules });
    expect([only.slice(0, only.indexOf(' (')), more]).toEqual([`programme.${path}: unknown key`, []]);
  });

  it('names every unknown key at once, with the problems of the values', () => {
    expect(
      pathsOf({ ...base, caps: { perTenantPerYr: '1.00', maxFaceValue: '-5' }, eligibility: { skuz: [] }, extra: 1 }),
    ).toEqual([
      'programme.eligibility.skuz: unknown key (resourceClasses, skus, jobTypes, requiredTenantFlags, ' +
        'excludedTenantFlags, trainingThreshold)',
      'programme.caps.perTenantPerYr: unknown key (minFaceValue, maxFaceValue, perTenantPerYear, ' +
        'perTenantCumulative, singleUsePerContract)',
      expect.stringMatching(/^programme\.extra: unknown key \(kind, mechanism, priority, ratio, /),
      'programme.caps.maxFaceValue: invalid amount "-5": must not be negative',
    ]);
  });

  it('refuses a JSON number where an exact decimal is due, and codes outside their lists', () => {
    expect(
      pathsOf({ ...base, ratio: 0.3, rounding: 'BANKERS', pool: { yearlyBudget: '1', order: 'first_come' } }),
    ).toEqual([
      'programme.ratio: a ratio ("0.30") or { tiers, fallback }',
      'programme.pool.order: must be one of grant_issue_time, pro_rata (got "first_come")',
      'programme.rounding: must be one of HALF_UP_FEN, TRUNCATE_FEN, HALF_UP_YUAN, TRUNCATE_YUAN (got "BANKERS")',
    ]);
  });

  it('accepts every documented key, and Decimal values built in code', () => {
    const p = buildProgramme({
      ...base,
      kind: 'voucher',
      mechanism: 'reimbursed',
      priority: 10,
      ratio: {
        tiers: [{ label: '国产', when: { domesticChip: true, resourceClasses: ['ai'] }, ratio: '0.5' }],
        fallback: new Decimal('0.3'),
      },
      eligibility: {
        resourceClasses: ['ai'],
        skus: null,
        jobTypes: ['training'],
        requiredTenantFlags: [],
        excludedTenantFlags: ['blacklisted'],
        trainingThreshold: { minDevices: 8, minDeviceHours: '100' },
      },
      caps: {
        minFaceValue: '1.00',
        maxFaceValue: '10.00',
        perTenantPerYear: '5.00',
        perTenantCumulative: null,
        singleUsePerContract: true,
      },
      pool: { yearlyBudget: '1000000.00', order: 'pro_rata' },
      funders: [
        { id: 'province', share: '1' },
        { id: 'city', share: '1' },
      ],
      window: { from: '2026-01-01', to: '2026-12-31' },
      dayProration: true,
      rounding: 'TRUNCATE_YUAN',
      stackingGroup: 'g',
      settlementCadence: 'per_contract',
      rejectedAmountsToTenant: false,
      contractRules: { signedOnOrAfter: '2026-01-01', signedOnOrBefore: null, maxTermMonths: 12 },
    });
    expect([p.caps.perTenantPerYear?.toFixed(2), p.pool?.order, p.ratio.fallback?.toFixed()]).toEqual([
      '5.00',
      'pro_rata',
      '0.3',
    ]);
  });

  it('is the schema the API publishes: strict at every level', () => {
    const json = JSON.stringify(programmeRulesSchema.toJSONSchema({ target: 'openapi-3.0', unrepresentable: 'any' }));
    expect(json).toContain('"additionalProperties":false');
    expect(json).toContain('TRUNCATE_YUAN');
    expect(json).toContain('perTenantPerYear');
  });
});
