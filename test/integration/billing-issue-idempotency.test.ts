import type { INestApplication } from '@nestjs/common';
import { OPERATOR_ADMIN, httpAs } from '../support/auth-tokens';
import { BillingWorld, billingApp } from './billing-park.fixture';

describe('issuing a statement is idempotent, also under 50 concurrent requests', () => {
  let app: INestApplication;
  let world: BillingWorld;
  let http: Awaited<ReturnType<typeof httpAs>>;

  beforeAll(async () => {
    app = await billingApp();
    world = await new BillingWorld(app).setUp();
    http = await httpAs(app, OPERATOR_ADMIN);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('50 concurrent issues of one tenant-period give one statement and one set of ledger entries', async () => {
    const tenantId = await world.tenant();
    const programmeId = await world.programme({ ratio: '0.3', eligibility: { resourceClasses: ['ai'] } });
    const grantId = await world.grant(tenantId, programmeId, '100000.00');
    await world.usage({ tenantId, start: '2026-10-03T02:00:00Z', hours: 100, deviceCount: 8 }); // 100 GPU-h × 10.00
    await world.usage({ tenantId, sku: 'gpu.ascend-910b', start: '2026-10-10T00:00:00Z', hours: 50 }); // 50 × 6.00

    const preview = await http.get(`/v1/tenants/${tenantId}/statements/2026-10/preview`).expect(200);
    expect(preview.body.view.totals).toMatchObject({ gross: '1300.00', deductions: '390.00', netPayable: '910.00' });

    const responses = await Promise.all(
      Array.from({ length: 50 }, () => http.post(`/v1/tenants/${tenantId}/statements/2026-10/issue`)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(responses.filter((r) => r.body.newlyIssued)).toHaveLength(1);
    expect(responses[0].body).toMatchObject({
      status: 'issued',
      number: `JS-202610-${tenantId}`,
      gross: '1300.00',
      netPayable: '910.00',
    });

    const statementId = responses[0].body.id as string;
    const prisma = world.prisma;
    expect(await prisma.statement.count({ where: { tenantId } })).toBe(1);
    expect(await prisma.statementLine.count({ where: { statementId } })).toBe(2);
    const txns = await prisma.ledgerTransaction.findMany({ where: { statementId } });
    expect(txns.map((t) => t.kind)).toEqual(['redemption']);
    const postings = await prisma.ledgerPosting.findMany({ where: { transactionId: txns[0].id } });
    expect(postings.map((p) => p.amount.toFixed(2)).sort()).toEqual(['-390.00', '390.00']);

    const grant = await http.get(`/v1/tenants/${tenantId}/grants/${grantId}`).expect(200);
    expect(grant.body.balance).toBe('99610.00');
    const ledger = await http.get(`/v1/tenants/${tenantId}/grants/${grantId}/ledger`).expect(200);
    expect(ledger.body.map((e: { kind: string; amount: string }) => [e.kind, e.amount])).toEqual([
      ['grant_issue', '100000.00'],
      ['redemption', '-390.00'],
    ]);
  });

  it('refuses a period that has not ended, and bad input, with typed errors', async () => {
    const tenantId = await world.tenant();
    const notOver = await http.post(`/v1/tenants/${tenantId}/statements/2099-01/issue`).expect(409);
    expect(notOver.body.error.code).toBe('PERIOD_NOT_OVER');
    const bad = await http.post(`/v1/tenants/${tenantId}/statements/2026-13/issue`).expect(400);
    expect(bad.body.error.code).toBe('INVALID_INPUT');
    const missing = await http.get(`/v1/tenants/nobody-${tenantId}/statements`).expect(404);
    expect(missing.body.error.code).toBe('TENANT_NOT_FOUND');
    const grant = await http
      .post(`/v1/tenants/${tenantId}/grants`)
      .send({ id: 'g', programmeId: 'nope', faceValue: 12.5, validFrom: '2026-01-01', validTo: 'soon' })
      .expect(400);
    // the edge names every problem of types and formats; what needs a look-up (the programme) comes once they are right
    expect(grant.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['faceValue', 'validTo']);
    const unknown = await http
      .post(`/v1/tenants/${tenantId}/grants`)
      .send({ id: 'g', programmeId: 'nope', faceValue: '12.50', validFrom: '2026-01-01', validTo: '2026-12-31' })
      .expect(400);
    expect(unknown.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['programmeId']);
    const uscc = await http
      .post('/v1/tenants')
      .send({ id: `${tenantId}-x`, name: 'x', unifiedSocialCreditCode: '91350100M000100Y44' })
      .expect(400);
    expect(uscc.body.error.issues).toEqual([
      { path: 'unifiedSocialCreditCode', message: 'check character is 4, expected 3' },
    ]);
  });
});
