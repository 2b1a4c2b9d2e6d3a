import { createHash } from 'node:crypto';
import request from 'supertest';
import { OPERATOR_FINANCE, httpAs } from '../support/auth-tokens';
import { uniqueId } from '../support/test-config';
import { useBillingWorld } from './billing-park.fixture';

/** supertest reads a binary body as bytes with this parser. */
function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}

const PDF = Buffer.from('%PDF-1.7\n% 数电票 test invoice\n%%EOF\n');
const OFD = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('OFD.xml')]);

/** Issue 16 item 3: invoices and payments against a statement, over HTTP, down to a balance of 0. */
describe('statement invoices and payments over REST', () => {
  const park = useBillingWorld();

  /** A tenant with an issued 2026-10 statement of 100.00 (25 render-node hours at 4.00, no vouchers). */
  async function issued(http: Awaited<ReturnType<typeof httpAs>>): Promise<string> {
    const tenantId = await park.world.tenant();
    const start = '2026-10-08T00:00:00Z';
    await park.world.usage({ tenantId, sku: 'render.node', jobType: 'render', start, hours: 25 });
    await http.post(`/v1/tenants/${tenantId}/statements/2026-10/issue`).expect(201);
    return tenantId;
  }

  const events = (entityId: string) =>
    park.world.prisma.auditEvent.findMany({ where: { entityId }, orderBy: { seq: 'asc' } });

  it('records invoices with their files and digests, refuses what does not add up, voids one', async () => {
    const http = await httpAs(park.app, OPERATOR_FINANCE);
    const tenantId = await issued(http);
    const base = `/v1/tenants/${tenantId}/statements/2026-10/invoices`;
    const number = uniqueId('INV');
    const invoice = {
      type: 'special',
      number,
      issuedOn: '2026-11-03',
      amountExclTax: '56.60',
      tax: '3.40',
      amountInclTax: '60.00',
      file: { contentType: 'application/pdf', contentBase64: PDF.toString('base64') },
    };
    const recorded = (await http.post(base).send(invoice).expect(201)).body;
    const sha256 = createHash('sha256').update(PDF).digest('hex');
    expect(recorded).toMatchObject({
      type: 'special',
      typeLabel: '增值税专用发票 (专票)',
      amountInclTax: '60.00',
      file: { contentType: 'application/pdf', sha256, size: PDF.length },
      voided: false,
      createdBy: 'test-operator-finance',
    });
    const file = await http.get(`${base}/${recorded.id}/file`).buffer(true).parse(binary).expect(200);
    expect([file.headers['content-type'], file.headers['x-content-sha256']]).toEqual(['application/pdf', sha256]);
    expect((file.body as Buffer).equals(PDF)).toBe(true);

    const again = await http.post(base).send(invoice).expect(409);
    expect(again.body.error).toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(again.body.error.message).toContain(`special ${number}`);
    const tooMuch = { ...invoice, number: `${number}9`, amountExclTax: '40.01', tax: '0.00', amountInclTax: '40.01' };
    delete (tooMuch as { file?: unknown }).file;
    const over = await http.post(base).send(tooMuch).expect(409);
    expect(over.body.error.code).toBe('INVOICE_EXCEEDS_INVOICEABLE');
    const wrongSum = await http
      .post(base)
      .send({ ...tooMuch, tax: '0.01' })
      .expect(400);
    expect(wrongSum.body.error.issues).toEqual([
      { path: 'amountInclTax', message: 'excl. tax + tax = 40.02, not 40.01' },
    ]);
    const notPdf = {
      ...invoice,
      number: `${number}8`,
      file: { ...invoice.file, contentBase64: OFD.toString('base64') },
    };
    const mislabelled = await http.post(base).send(notPdf).expect(400);
    expect(mislabelled.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['file.contentBase64']);
    const ofd = { ...notPdf, type: 'digital', amountExclTax: '40.00', tax: '0.00', amountInclTax: '40.00' };
    ofd.file = { contentType: 'application/ofd', contentBase64: OFD.toString('base64') };
    expect((await http.post(base).send(ofd).expect(201)).body.file.contentType).toBe('application/ofd');

    const voided = await http.post(`${base}/${recorded.id}/void`).send({ reason: '红冲: 金额有误' }).expect(201);
    expect(voided.body).toMatchObject({ voided: true, voidReason: '红冲: 金额有误' });
    expect((await http.post(`${base}/${recorded.id}/void`).send({ reason: 'again' }).expect(409)).body.error.code).toBe(
      'INVOICE_ALREADY_VOIDED',
    );
    const list = (await http.get(base).expect(200)).body;
    expect([list.invoicedTotal, list.invoiceable, list.items.length]).toEqual(['40.00', '100.00', 2]);
    const statement = (await http.get(`/v1/tenants/${tenantId}/statements/2026-10`).expect(200)).body.statement;
    expect([statement.invoicedTotal, statement.invoiceNumber]).toEqual(['40.00', `${number}8`]);
    expect((await events(recorded.id)).map((e) => e.action)).toEqual([
      'statement.invoice.record',
      'statement.invoice.void',
    ]);
  });

  it('three partial payments reach 0.00 and the statement is paid; more is refused, reversal re-opens', async () => {
    const http = await httpAs(park.app, OPERATOR_FINANCE);
    const tenantId = await issued(http);
    const base = `/v1/tenants/${tenantId}/statements/2026-10/payments`;
    const pay = (amount: string, bankReference: string) =>
      http.post(base).send({ receivedOn: '2026-11-10', amount, bankReference, payer: '测试企业 基本户' });

    expect((await pay('30.00', 'B-1').expect(201)).body).toMatchObject({ amount: '30.00', reversed: false });
    const second = (await pay('45.50', 'B-2').expect(201)).body;
    expect((await pay('30.00', 'B-1').expect(409)).body.error.message).toContain('B-1');
    const over = await pay('24.51', 'B-3').expect(409);
    expect(over.body.error).toMatchObject({
      code: 'STATEMENT_OVERPAYMENT',
      message: "payment 24.51 exceeds the statement's balance 24.50",
    });
    const open = (await http.get(base).expect(200)).body;
    expect([open.status, open.paidTotal, open.balance]).toEqual(['issued', '75.50', '24.50']);
    await pay('24.50', 'B-3').expect(201);
    const settled = (await http.get(`/v1/tenants/${tenantId}/statements/2026-10`).expect(200)).body.statement;
    expect([settled.status, settled.paidTotal, settled.balance, settled.paymentReference]).toEqual([
      'paid',
      '100.00',
      '0.00',
      'B-3',
    ]);
    expect(settled.paidAt).not.toBeNull();
    expect((await pay('0.01', 'B-4').expect(409)).body.error.code).toBe('STATEMENT_OVERPAYMENT');
    const outbox = await park.world.prisma.notificationOutbox.findMany({
      where: { tenantId, eventType: 'statement.paid' },
    });
    expect(outbox.map((e) => (e.payload as { periodId: string }).periodId)).toEqual(['2026-10']);

    const reversed = await http.post(`${base}/${second.id}/reverse`).send({ reason: '退票 bounced' }).expect(201);
    expect(reversed.body).toMatchObject({ reversed: true, reversalReason: '退票 bounced' });
    expect((await http.post(`${base}/${second.id}/reverse`).send({ reason: 'x' }).expect(409)).body.error.code).toBe(
      'PAYMENT_ALREADY_REVERSED',
    );
    const reopened = (await http.get(base).expect(200)).body;
    expect([reopened.status, reopened.paidTotal, reopened.balance, reopened.items.length]).toEqual([
      'issued',
      '54.50',
      '45.50',
      3,
    ]);
    await pay('45.50', 'B-2').expect(201); // a reversed reference may be recorded again
    expect((await http.get(base).expect(200)).body.status).toBe('paid');
    expect((await events(second.id)).map((e) => [e.action, e.actor])).toEqual([
      ['statement.payment.record', 'test-operator-finance'],
      ['statement.payment.reverse', 'test-operator-finance'],
    ]);
  });

  it('refuses invoices and payments on a statement that is not issued, and a zero payment', async () => {
    const http = await httpAs(park.app, OPERATOR_FINANCE);
    const tenantId = await park.world.tenant();
    const draft = `/v1/tenants/${tenantId}/statements/2026-10`;
    const payment = { receivedOn: '2026-11-10', amount: '1.00', bankReference: 'B-1' };
    expect((await http.post(`${draft}/payments`).send(payment).expect(409)).body.error.code).toBe(
      'STATEMENT_NOT_ISSUED',
    );
    const invoice = { type: 'ordinary', number: '1', issuedOn: '2026-11-01', amountExclTax: '1.00', tax: '0.00' };
    const refused = await http
      .post(`${draft}/invoices`)
      .send({ ...invoice, amountInclTax: '1.00' })
      .expect(409);
    expect(refused.body.error.code).toBe('STATEMENT_NOT_ISSUED');
    expect((await http.get(`${draft}/payments`).expect(404)).body.error.code).toBe('STATEMENT_NOT_FOUND');
    const other = await issued(http);
    const zero = { ...payment, amount: '0.00' };
    const answer = await http.post(`/v1/tenants/${other}/statements/2026-10/payments`).send(zero).expect(400);
    expect(answer.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['amount']);
  });

  it("keeps each tenant to its own: another tenant's invoice under one's own path is not found", async () => {
    const http = await httpAs(park.app, OPERATOR_FINANCE);
    const [mine, theirs] = [await issued(http), await issued(http)];
    const invoice = { type: 'digital', issuedOn: '2026-11-01', amountExclTax: '10.00', tax: '0.00' };
    const number = uniqueId('INV');
    const path = `/v1/tenants/${theirs}/statements/2026-10/invoices`;
    const recorded = (
      await http
        .post(path)
        .send({ ...invoice, number, amountInclTax: '10.00' })
        .expect(201)
    ).body;
    const viewer = await httpAs(park.app, { role: 'tenant-viewer', tenantId: mine });
    const own = `/v1/tenants/${mine}/statements/2026-10/invoices`;
    expect((await viewer.get(own).expect(200)).body.items).toEqual([]);
    expect((await viewer.get(`${own}/${recorded.id}`).expect(404)).body.error.code).toBe('INVOICE_NOT_FOUND');
    await viewer.get(`${own}/${recorded.id}/file`).expect(404);
    await viewer.get(path).expect(404);
    await viewer
      .post(`${own}`)
      .send({ ...invoice, number: `${number}1`, amountInclTax: '10.00' })
      .expect(403);
    const theirViewer = await httpAs(park.app, { role: 'tenant-viewer', tenantId: theirs });
    expect((await theirViewer.get(`${path}/${recorded.id}`).expect(200)).body.number).toBe(number);
  });
});
