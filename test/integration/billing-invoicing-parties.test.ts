import { OPERATOR_ADMIN, httpAs } from '../support/auth-tokens';
import { INVOICING_PARTY, useBillingWorld } from './billing-park.fixture';

/** Issue 16 item 2: the seller's and buyer's invoicing details, validated, versioned, printed on statements. */
describe('invoicing parties (开票信息)', () => {
  const park = useBillingWorld();

  it('refuses a bad taxpayer id, phone or bank account, naming each field', async () => {
    const http = await httpAs(park.app, OPERATOR_ADMIN);
    const tenantId = await park.world.tenant();
    const res = await http
      .put(`/v1/tenants/${tenantId}/invoicing-party`)
      .send({ ...INVOICING_PARTY, taxpayerId: '91350100M000100Y44', phone: 'call me', bankAccount: '12' })
      .expect(400);
    const paths = (res.body.error.issues as { path: string; message: string }[]).map((i) => i.path).sort();
    expect(paths).toEqual(['bankAccount', 'phone', 'taxpayerId']);
    expect(JSON.stringify(res.body)).toContain('check character is 4, expected 3');
  });

  it('prints the versions in force at issue on every export, whatever changes later', async () => {
    const http = await httpAs(park.app, OPERATOR_ADMIN);
    const tenantId = await park.world.tenant();
    await http
      .put(`/v1/parks/${park.world.parkId}/invoicing-party`)
      .send({ ...INVOICING_PARTY, name: '视听算力产业园运营有限公司', taxpayerId: '91520115MA6DM0GX4U' })
      .expect(200);
    // the tenant's own admin records the buyer's details; the same details again make no new version
    const tenantAdmin = await httpAs(park.app, { role: 'tenant-admin', tenantId });
    const first = await tenantAdmin.put(`/v1/tenants/${tenantId}/invoicing-party`).send(INVOICING_PARTY).expect(200);
    expect(first.body).toMatchObject({ version: 1, taxpayerId: '91350100M000100Y43' });
    await tenantAdmin.put(`/v1/tenants/${tenantId}/invoicing-party`).send(INVOICING_PARTY).expect(200);

    await park.world.usage({
      tenantId,
      sku: 'render.node',
      jobType: 'render',
      start: '2026-10-08T00:00:00Z',
      hours: 25,
    });
    await http.post(`/v1/tenants/${tenantId}/statements/2026-10/issue`).expect(201);
    const csv = (await http.get(`/v1/tenants/${tenantId}/statements/2026-10/export.csv`).expect(200)).text;
    expect(csv).toContain('销售方 Seller');
    expect(csv).toContain('纳税人识别号 Taxpayer ID,91520115MA6DM0GX4U');
    expect(csv).toContain('购买方 Buyer');
    expect(csv).toContain('开户行及账号 Bank & account,中国建设银行贵阳观山湖支行 5205 0110 0000 0000 1234');

    // a new version after the issue: the issued statement's exports keep the old one, byte for byte
    const second = await tenantAdmin
      .put(`/v1/tenants/${tenantId}/invoicing-party`)
      .send({ ...INVOICING_PARTY, address: '贵阳市云岩区中华北路 2 号' })
      .expect(200);
    expect(second.body.version).toBe(2);
    const again = await http.get(`/v1/tenants/${tenantId}/statements/2026-10/export.csv`).expect(200);
    expect(again.text).toBe(csv);
    const versions = await http.get(`/v1/tenants/${tenantId}/invoicing-party/versions`).expect(200);
    expect(versions.body.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const audit = await park.world.prisma.auditEvent.findMany({
      where: { action: 'party.update', entityId: tenantId },
    });
    expect(audit).toHaveLength(2);
  });
});
