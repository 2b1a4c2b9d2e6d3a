import request from 'supertest';
import { OPERATOR_ADMIN, OPERATOR_FINANCE, httpAs } from '../support/auth-tokens';
import { uniqueId } from '../support/test-config';
import { useBillingWorld } from './billing-park.fixture';

type Json = Record<string, unknown>;

// Issue 12 item 6: every key of a programme's rules checked, the rules' schema published, rules changed by versions.
describe('programme rules: checked keys, a published schema, versions (HTTP, real stores)', () => {
  const park = useBillingWorld();

  it('refuses a misspelt key at any depth with 400 naming its path', async () => {
    const admin = await httpAs(park.app, OPERATOR_ADMIN);
    const rules = { ratio: '0.2', eligibility: { resourceClass: ['ai'] }, caps: { perTenantPerYr: '1000.00' } };
    const res = await admin
      .post('/v1/programmes')
      .send({ id: uniqueId('p-'), bureauId: park.world.bureauId, name: 'typo', rules });
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'rules.caps.perTenantPerYr',
      'rules.eligibility.resourceClass',
    ]);
    const tiers = { ratio: { tiers: [{ when: { domestic: true }, ratio: '0.5' }] } };
    const tiered = await admin
      .post('/v1/programmes')
      .send({ id: uniqueId('p-'), bureauId: park.world.bureauId, name: 't', rules: tiers });
    expect(tiered.status).toBe(400);
    expect(tiered.body.error.issues.map((i: { path: string }) => i.path)).toEqual([
      'rules.ratio.tiers[0].when.domestic',
    ]);
  });

  it('publishes the rules schema in /openapi.json: strict objects, the codes with their values', async () => {
    const doc = (await request(park.app.getHttpServer()).get('/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { requestBody: { content: Record<string, { schema: Json }> } }>>;
    };
    const body = doc.paths['/v1/programmes'].post.requestBody.content['application/json'].schema;
    const rules = (body.properties as Record<string, Json>).rules;
    const props = rules.properties as Record<string, Json>;
    expect(rules.additionalProperties).toBe(false);
    expect(props.caps).toMatchObject({
      additionalProperties: false,
      properties: { perTenantPerYear: { type: 'string' } },
    });
    expect(props.rounding).toMatchObject({ enum: ['HALF_UP_FEN', 'TRUNCATE_FEN', 'HALF_UP_YUAN', 'TRUNCATE_YUAN'] });
    expect(props.pool).toMatchObject({ properties: { order: { enum: ['grant_issue_time', 'pro_rata'] } } });
    expect(props.settlementCadence).toMatchObject({
      enum: expect.arrayContaining(['quarterly', 'yearly', 'per_contract']),
    });
    // contract-settlement programmes (issue 12 item 3): the mechanism and its parameters, strict, codes listed
    expect(props.mechanism).toMatchObject({ enum: ['on_bill', 'reimbursed', 'contract_settlement'] });
    expect(props.contractSettlement).toMatchObject({
      additionalProperties: false,
      required: ['basePeriod', 'dayCount', 'intermediateRounding', 'finalRounding'],
      properties: {
        dayCount: { enum: ['difference', 'inclusive'] },
        intermediateRounding: { enum: ['HALF_UP_FEN', 'TRUNCATE_FEN', 'HALF_UP_YUAN', 'TRUNCATE_YUAN'] },
      },
    });
    // what a claim must carry (issue 16 item 4): the items a checklist may name
    expect(props.evidenceChecklist).toMatchObject({
      type: 'array',
      items: { enum: expect.arrayContaining(['invoice', 'delivery_certificate', 'cross_programme_check']) },
    });
    expect(Object.keys(props).sort()).toEqual([
      'caps',
      'contractRules',
      'contractSettlement',
      'dayProration',
      'eligibility',
      'evidenceChecklist',
      'funders',
      'kind',
      'mechanism',
      'pool',
      'priority',
      'ratio',
      'rejectedAmountsToTenant',
      'rounding',
      'settlementCadence',
      'stackingGroup',
      'window',
    ]);
    const versions =
      doc.paths['/v1/programmes/{id}/rules-versions'].post.requestBody.content['application/json'].schema;
    expect((versions.properties as Record<string, Json>).rules).toEqual(rules);
  });

  it('applies a new version from its month, refuses one reaching into an issued month, audits each', async () => {
    const admin = await httpAs(park.app, OPERATOR_ADMIN);
    const finance = await httpAs(park.app, OPERATOR_FINANCE);
    const tenantId = await park.world.tenant('versions');
    const programmeId = uniqueId('pv-');
    const v1 = { ratio: '0.2', eligibility: { resourceClasses: ['ai'] } };
    await admin
      .post('/v1/programmes')
      .send({ id: programmeId, bureauId: park.world.bureauId, name: '算力券', rules: v1 })
      .expect(201);
    await park.world.grant(tenantId, programmeId, '10000.00');
    const version = (effectiveFrom: string, ratio: string) =>
      admin.post(`/v1/programmes/${programmeId}/rules-versions`).send({ effectiveFrom, rules: { ...v1, ratio } });

    // February, 10 GPU-hours at 10.00, is closed and issued under version 1 (20 %)
    await park.world.usage({ tenantId, start: '2026-02-10T00:00:00Z', hours: 10 });
    await finance.post('/v1/periods/2026-02/close').send({ parkId: park.world.parkId }).expect(201);
    await park.world.close.waitUntilClosed(park.world.parkId, '2026-02', 60_000);

    const backDated = await version('2026-02-01', '0.5').expect(409);
    expect(backDated.body.error.code).toBe('PERIOD_FROZEN');
    expect(backDated.body.error.message).toContain('period 2026-02');
    const misspelt = await admin
      .post(`/v1/programmes/${programmeId}/rules-versions`)
      .send({ effectiveFrom: '2026-03-01', rules: { ...v1, caps: { perTenantPerYr: '1.00' } } })
      .expect(400);
    expect(misspelt.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['rules.caps.perTenantPerYr']);
    const reimbursed = await admin
      .post(`/v1/programmes/${programmeId}/rules-versions`)
      .send({ effectiveFrom: '2026-03-01', rules: { ...v1, mechanism: 'reimbursed' } })
      .expect(400);
    expect(reimbursed.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['rules.mechanism']);
    const midMonth = await version('2026-03-15', '0.5').expect(400);
    expect(midMonth.body.error.message).toContain('the first day of a month');

    await version('2026-03-01', '0.5').expect(201);
    expect((await version('2026-03-01', '0.4').expect(409)).body.error.code).toBe('ALREADY_EXISTS');
    await version('2026-05-01', '0.1').expect(201);

    // March and May are billed with the version in force for each; February stays as issued
    await park.world.usage({ tenantId, start: '2026-03-10T00:00:00Z', hours: 10 });
    await park.world.usage({ tenantId, start: '2026-05-10T00:00:00Z', hours: 10 });
    await finance.post(`/v1/tenants/${tenantId}/statements/2026-03/issue`).expect(201);
    await finance.post(`/v1/tenants/${tenantId}/statements/2026-05/issue`).expect(201);
    const totals = async (period: string) =>
      ((await finance.get(`/v1/tenants/${tenantId}/statements/${period}`).expect(200)).body.statement ?? {}).view
        ?.totals;
    expect(await totals('2026-02')).toMatchObject({ gross: '100.00', deductions: '20.00' });
    expect(await totals('2026-03')).toMatchObject({ gross: '100.00', deductions: '50.00' });
    expect(await totals('2026-05')).toMatchObject({ gross: '100.00', deductions: '10.00' });

    const programme = (await admin.get(`/v1/programmes/${programmeId}`).expect(200)).body;
    expect(programme.rulesVersions.map((v: Json) => [v.version, v.effectivePeriod])).toEqual([
      [2, '2026-03'],
      [3, '2026-05'],
    ]);
    const events = await park.world.prisma.auditEvent.findMany({
      where: { entityType: 'programme', entityId: programmeId, action: 'programme.rules-version.create' },
      orderBy: { seq: 'asc' },
    });
    expect(events.map((e) => [e.payload, e.role, Boolean(e.beforeDigest && e.afterDigest)])).toEqual([
      [{ version: 2, effectivePeriod: '2026-03', replaces: 1 }, 'operator-admin', true],
      [{ version: 3, effectivePeriod: '2026-05', replaces: 2 }, 'operator-admin', true],
    ]);
  });
});
