import { ValidationError } from '../errors/validation.error';
import type { ResourceClass } from '../catalogue/resource-class';
import { buildProgramme } from './programme';

describe('buildProgramme', () => {
  it('fills defaults: on-bill voucher, 分 half-up, the bureau as sole funder, 从优不重复', () => {
    const p = buildProgramme({ id: 'p', bureau: 'city', name: '城市算力券', ratio: '0.3' });
    expect([
      p.kind,
      p.mechanism,
      p.rounding,
      p.stackingGroup,
      p.dayProration,
      p.funders.map((f) => [f.id, f.share.toFixed()]),
    ]).toEqual(['voucher', 'on_bill', 'HALF_UP_FEN', null, false, [['city', '1']]]);
    expect(
      buildProgramme({ id: 't', bureau: 'b', name: 'n', kind: 'training_subsidy', ratio: '0.5' }).eligibility.jobTypes,
    ).toEqual(['training']);
  });

  it('reads the evidence checklist a claim must carry: nothing by default, each item once, known items only', () => {
    const base = { id: 'p', bureau: 'city', name: '城市算力券', ratio: '0.3' };
    expect(buildProgramme(base).evidenceChecklist).toEqual([]);
    const list = ['invoice', 'payment_proof', 'delivery_certificate', 'cross_programme_check'] as const;
    expect(buildProgramme({ ...base, evidenceChecklist: list }).evidenceChecklist).toEqual(list);
    expect(() => buildProgramme({ ...base, evidenceChecklist: ['invoice', 'invoice'] })).toThrow(/listed twice/);
    expect(() => buildProgramme({ ...base, evidenceChecklist: ['receipt' as 'invoice'] })).toThrow(
      /evidenceChecklist\[0\]: must be one of contract, invoice/,
    );
  });

  it(
    'reads the settlement rules: cadence (none by default) and whether rejected claim amounts go back to the ' +
      'tenant (yes by default)',
    () => {
      const base = { id: 'p', bureau: 'city', name: '城市算力券', ratio: '0.3' };
      expect([buildProgramme(base).settlementCadence, buildProgramme(base).rejectedAmountsToTenant]).toEqual([
        null,
        true,
      ]);
      const p = buildProgramme({ ...base, settlementCadence: 'per_contract', rejectedAmountsToTenant: false });
      expect([p.settlementCadence, p.rejectedAmountsToTenant]).toEqual(['per_contract', false]);
      expect(() => buildProgramme({ ...base, settlementCadence: 'monthly' as 'yearly' })).toThrow(
        /settlementCadence: must be one of quarterly, yearly, per_contract/,
      );
      expect(() => buildProgramme({ ...base, rejectedAmountsToTenant: 'no' as unknown as boolean })).toThrow(
        /rejectedAmountsToTenant: true or false/,
      );
    },
  );

  it('reports every problem at once', () => {
    try {
      buildProgramme({
        id: '',
        bureau: 'b',
        name: 'n',
        ratio: { tiers: [{ when: { resourceClasses: ['quantum' as ResourceClass] }, ratio: '1.5' }], fallback: '0.2' },
        caps: { minFaceValue: '100.00', maxFaceValue: '10.00', perTenantPerYear: '-1' },
        funders: [
          { id: 'a', share: '0' },
          { id: 'a', share: '0' },
        ],
        window: { from: '2025-12-31', to: '2025-01-01' },
        rounding: 'BANKERS' as 'HALF_UP_FEN',
      });
      throw new Error('expected ValidationError');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues.map((i) => i.path)).toEqual([
        'programme.ratio.tiers[0].when.resourceClasses[0]',
        'programme.rounding',
        'programme.caps.minFaceValue',
        'programme.funders',
        'programme.funders',
        'programme.window',
        'programme.id',
        'programme.ratio.tiers[0].ratio',
        'programme.caps.perTenantPerYear',
      ]);
    }
  });
});
