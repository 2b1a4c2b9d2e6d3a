import { OPERATOR_ADMIN, OPERATOR_FINANCE, httpAs } from '../support/auth-tokens';
import { useBillingWorld } from './billing-park.fixture';

// Issue 12 item 9: a revoked or expired grant shows 0 and why; what lapses at expiry is a ledger entry, posted once.
describe('grants that pay nothing more show 0, and expiry lapses the balance in the ledger', () => {
  const park = useBillingWorld();

  it('expires after the statement of its last period is issued, once, and the bureau’s liability falls', async () => {
    const programmeId = await park.world.programme({ ratio: '0.2', eligibility: { resourceClasses: ['ai'] } });
    const tenantId = await park.world.tenant('lapse');
    const grantId = await park.world.grant(tenantId, programmeId, '1000.00', {
      validFrom: '2026-01-01',
      validTo: '2026-06-30',
    });
    const tenant = await httpAs(park.app, { role: 'tenant-admin', tenantId });
    const finance = await httpAs(park.app, OPERATOR_FINANCE);
    await park.world.usage({ tenantId, start: '2026-06-10T00:00:00Z', hours: 10 }); // 100.00 → 20.00 deducted

    // ended on 30 June, but June is not issued yet: the balance still pays June
    const before = (await tenant.get(`/v1/tenants/${tenantId}/grants/${grantId}`).expect(200)).body;
    expect(before).toMatchObject({ balance: '1000.00', lapse: null });
    await finance.post(`/v1/tenants/${tenantId}/statements/2026-06/issue`).expect(201);

    const after = (await tenant.get(`/v1/tenants/${tenantId}/grants`).expect(200)).body;
    expect(after).toEqual([
      expect.objectContaining({
        id: grantId,
        balance: '0.00',
        lapse: { reason: 'expired', detail: 'expired after 2026-06-30: 980.00 lapsed' },
      }),
    ]);
    await tenant.get(`/v1/tenants/${tenantId}/grants/${grantId}`).expect(200); // read again: nothing posted twice
    const ledger = (await tenant.get(`/v1/tenants/${tenantId}/grants/${grantId}/ledger`).expect(200)).body as {
      kind: string;
      amount: string;
    }[];
    expect(ledger.map((e) => [e.kind, e.amount])).toEqual([
      ['grant_issue', '1000.00'],
      ['redemption', '-20.00'],
      ['grant_expiry', '-980.00'],
    ]);
    // the programme's issued account (the bureau's outstanding promise) fell by what lapsed
    const issued = await park.world.prisma.ledgerPosting.aggregate({
      where: { accountId: `programme:${programmeId}:issued` },
      _sum: { amount: true },
    });
    expect(issued._sum.amount?.toFixed(2)).toBe('-20.00');
    expect(await park.world.prisma.auditEvent.count({ where: { action: 'grant.expire', entityId: grantId } })).toBe(1);
  });

  it('a revoked grant shows 0 to its tenant, with the reason', async () => {
    const programmeId = await park.world.programme({ ratio: '0.2' });
    const tenantId = await park.world.tenant('revoked');
    const grantId = await park.world.grant(tenantId, programmeId, '500.00');
    const admin = await httpAs(park.app, OPERATOR_ADMIN);
    await admin
      .post(`/v1/tenants/${tenantId}/grants/${grantId}/revoke`)
      .send({ reason: 'company deregistered' })
      .expect(201);
    const tenant = await httpAs(park.app, { role: 'tenant-viewer', tenantId });
    const seen = (await tenant.get(`/v1/tenants/${tenantId}/grants/${grantId}`).expect(200)).body;
    expect(seen).toMatchObject({
      status: 'revoked',
      balance: '0.00',
      lapse: { reason: 'revoked', detail: 'revoked: company deregistered' },
    });
  });
});
