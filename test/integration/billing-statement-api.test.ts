import { createHash } from 'node:crypto';
import request from 'supertest';
import { OPERATOR_FINANCE, httpAs } from '../support/auth-tokens';
import { useBillingWorld } from './billing-park.fixture';

describe('statements over REST: exports with digests, payment, the OpenAPI document', () => {
  const park = useBillingWorld();

  it('exports PDF and CSV with their SHA-256 stored on the statement, then records the payment once', async () => {
    const http = await httpAs(park.app, OPERATOR_FINANCE);
    const tenantId = await park.world.tenant();
    await park.world.usage({
      tenantId,
      sku: 'render.node',
      jobType: 'render',
      start: '2026-10-08T00:00:00Z',
      hours: 25,
    }); // 100.00
    await http.post(`/v1/tenants/${tenantId}/statements/2026-10/issue`).expect(201);

    const pdf = await http
      .get(`/v1/tenants/${tenantId}/statements/2026-10/export.pdf`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const pdfBytes = pdf.body as Buffer;
    expect(pdf.headers['x-content-sha256']).toBe(createHash('sha256').update(pdfBytes).digest('hex'));
    const csv = await http.get(`/v1/tenants/${tenantId}/statements/2026-10/export.csv`).expect(200);
    expect(csv.text).toContain('应付金额 Net payable,100.00');
    const stored = await park.world.statements.get(tenantId, '2026-10');
    expect(stored.pdfSha256).toBe(pdf.headers['x-content-sha256']);
    expect(stored.csvSha256).toBe(csv.headers['x-content-sha256']);

    const paid = await http
      .post(`/v1/tenants/${tenantId}/statements/2026-10/pay`)
      .send({ paymentReference: 'BANK-1', invoiceNumber: 'INV-1' })
      .expect(201);
    expect(paid.body).toMatchObject({ status: 'paid', paymentReference: 'BANK-1', invoiceNumber: 'INV-1' });
    await http
      .post(`/v1/tenants/${tenantId}/statements/2026-10/pay`)
      .send({ paymentReference: 'BANK-1', invoiceNumber: 'INV-1' })
      .expect(201);
    const other = await http
      .post(`/v1/tenants/${tenantId}/statements/2026-10/pay`)
      .send({ paymentReference: 'BANK-2', invoiceNumber: 'INV-2' })
      .expect(409);
    expect(other.body.error.code).toBe('STATEMENT_ALREADY_PAID');
    const missing = await http.post(`/v1/tenants/${tenantId}/statements/2026-10/pay`).send({}).expect(400);
    expect(missing.body.error.issues.map((i: { path: string }) => i.path)).toEqual([
      'paymentReference',
      'invoiceNumber',
    ]);

    const list = await http.get(`/v1/tenants/${tenantId}/statements`).expect(200);
    expect(list.body.map((s: { periodId: string; status: string }) => [s.periodId, s.status])).toEqual([
      ['2026-10', 'paid'],
    ]);
  });

  it('serves /openapi.json with the billing routes', async () => {
    const doc = await request(park.app.getHttpServer()).get('/openapi.json').expect(200);
    const paths = Object.keys(doc.body.paths as Record<string, unknown>);
    for (const p of [
      '/v1/skus',
      '/v1/price-books',
      '/v1/programmes',
      '/v1/tenants/{tenantId}/grants',
      '/v1/periods/{periodId}/close',
      '/v1/tenants/{tenantId}/statements/{periodId}/issue',
      '/v1/tenants/{tenantId}/usage',
    ]) {
      expect(paths).toContain(p);
    }
  });
});
