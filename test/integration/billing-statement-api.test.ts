import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { OPERATOR_FINANCE, httpAs } from '../support/auth-tokens';
import { useBillingWorld } from './billing-park.fixture';

/** supertest reads a binary body as bytes with this parser. */
function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}

describe('statements over REST: exports with digests, payment, the OpenAPI document', () => {
  const park = useBillingWorld();

  it('exports PDF, CSV and Excel with their SHA-256 stored on the statement, then records the payment once', async () => {
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
      .parse(binary)
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const pdfBytes = pdf.body as Buffer;
    expect(pdf.headers['x-content-sha256']).toBe(createHash('sha256').update(pdfBytes).digest('hex'));
    const csv = await http.get(`/v1/tenants/${tenantId}/statements/2026-10/export.csv`).expect(200);
    expect(csv.text).toContain('应付金额 Net payable,100.00');
    const stored = await park.world.statements.get(tenantId, '2026-10');
    expect(stored.pdfSha256).toBe(pdf.headers['x-content-sha256']);
    expect(stored.csvSha256).toBe(csv.headers['x-content-sha256']);
    const xlsx = await http.get(`/v1/tenants/${tenantId}/statements/2026-10/export.xlsx`).buffer(true).parse(binary);
    expect(xlsx.status).toBe(200);
    const xlsxBytes = xlsx.body as Buffer;
    expect(xlsx.headers['x-content-sha256']).toBe(createHash('sha256').update(xlsxBytes).digest('hex'));
    expect((await park.world.statements.get(tenantId, '2026-10')).xlsxSha256).toBe(xlsx.headers['x-content-sha256']);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsxBytes as unknown as ArrayBuffer);
    const lines = book.getWorksheet('明细 Lines')!;
    const total = lines.getRow(lines.rowCount);
    expect(total.getCell(1).value).toBe('合计 Total');
    expect((total.getCell(9).value as { result: number }).result).toBe(
      Number((stored.view as { totals: { gross: string } }).totals.gross),
    );

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
