import { OPERATOR_ADMIN, OPERATOR_FINANCE, httpAs } from '../support/auth-tokens';
import { uniqueId } from '../support/test-config';
import { useBillingWorld } from './billing-park.fixture';

// Issue 12 item 1: a contract's signing date and term are programme rules, checked through the API.
describe('programme contract rules over HTTP (real stores)', () => {
  const park = useBillingWorld();

  it('refuses a grant on a contract signed a day early; the admitted contract’s grant pays its lines', async () => {
    const admin = await httpAs(park.app, OPERATOR_ADMIN);
    const finance = await httpAs(park.app, OPERATOR_FINANCE);
    const programmeId = uniqueId('bj-');
    const rules = {
      ratio: '0.2',
      eligibility: { resourceClasses: ['ai'] },
      contractRules: { signedOnOrAfter: '2026-03-01', maxTermMonths: 12 },
    };
    await admin
      .post('/v1/programmes')
      .send({ id: programmeId, bureauId: park.world.bureauId, name: '北京算力券', rules })
      .expect(201);
    const misspelt = await admin
      .post('/v1/programmes')
      .send({
        id: uniqueId('bj-'),
        bureauId: park.world.bureauId,
        name: 'typo',
        rules: { ratio: '0.2', contractRules: { signedAfter: '2026-03-01' } },
      })
      .expect(400);
    expect(misspelt.body.error.issues.map((i: { path: string }) => i.path)).toContain(
      'rules.contractRules.signedAfter',
    );

    const tenantId = await park.world.tenant('contracts');
    const contract = (id: string, signedOn: string, effectiveFrom: string, effectiveTo: string) =>
      admin
        .post(`/v1/tenants/${tenantId}/contracts`)
        .send({ id: `${tenantId}-${id}`, number: `${tenantId}-${id}`, signedOn, effectiveFrom, effectiveTo })
        .expect(201);
    await contract('early', '2026-02-28', '2026-02-28T16:00:00Z', '2026-05-31T16:00:00Z'); // March–May
    // June 2026 – May 2027: 12 months
    await contract('ok', '2026-06-01', '2026-05-31T16:00:00Z', '2027-05-31T16:00:00Z');
    const grant = (contractId: string) =>
      admin.post(`/v1/tenants/${tenantId}/grants`).send({
        id: uniqueId('g-'),
        programmeId,
        faceValue: '1000.00',
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
        contractId,
      });

    const refused = await grant(`${tenantId}-early`).expect(400);
    expect(refused.body.error.issues).toEqual([
      {
        path: 'grant.contractId',
        message:
          `contract ${tenantId}-early was signed on 2026-02-28; the programme admits contracts signed on or ` +
          `after 2026-03-01`,
      },
    ]);
    await grant(`${tenantId}-ok`).expect(201);

    // April (under the early contract) and June (under the admitted one), 10 GPU-hours each at 10.00
    await park.world.usage({ tenantId, start: '2026-04-10T00:00:00Z', hours: 10 });
    await park.world.usage({ tenantId, start: '2026-06-10T00:00:00Z', hours: 10 });
    await finance.post(`/v1/tenants/${tenantId}/statements/2026-04/issue`).expect(201);
    await finance.post(`/v1/tenants/${tenantId}/statements/2026-06/issue`).expect(201);
    const totals = async (period: string) =>
      ((await finance.get(`/v1/tenants/${tenantId}/statements/${period}`).expect(200)).body.statement ?? {}).view
        ?.totals;
    expect(await totals('2026-04')).toMatchObject({ gross: '100.00', deductions: '0.00', netPayable: '100.00' });
    expect(await totals('2026-06')).toMatchObject({ gross: '100.00', deductions: '20.00', netPayable: '80.00' });
  });
});
