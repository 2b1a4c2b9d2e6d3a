import ExcelJS from 'exceljs';
import type request from 'supertest';
import { Decimal } from '@park/money';
import { TenantService } from '@park/billing';
import { INVOICE_BASIC_COLUMNS, INVOICE_DETAIL_COLUMNS } from '@park/statements-export';
import { OPERATOR_ADMIN, OPERATOR_FINANCE, httpAs } from '../support/auth-tokens';
import { uniqueId } from '../support/test-config';
import { INVOICING_PARTY, useBillingWorld } from './billing-park.fixture';

function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}

const cells = (row: ExcelJS.Row) => (row.values as unknown[]).slice(1);

interface Line {
  lineId: string;
  amount: string;
  vatRate: string;
  amountExclTax: string;
  tax: string;
  amountInclTax: string;
  invoiceable: { amountExclTax: string; tax: string; amountInclTax: string };
}

/** Issue 16 item 1: tax as data, and item 3 (part): the bulk-invoice (批量开具) request batch of a period. */
describe('tax per line, invoicing modes and the bulk-invoice export over HTTP', () => {
  const park = useBillingWorld();

  it('a tax-exclusive book at 6 %: lines, totals, exports and the 批量开具 batch all agree', async () => {
    const admin = await httpAs(park.app, OPERATOR_ADMIN);
    const finance = await httpAs(park.app, OPERATOR_FINANCE);
    const bookId = uniqueId('excl-book-');
    const created = await admin
      .post('/v1/price-books')
      .send({
        id: bookId,
        name: '不含税价 tax-exclusive',
        versions: [
          {
            version: 1,
            effectiveFrom: '2026-01-01T00:00:00Z',
            taxInclusive: false,
            vatRate: '0.06',
            vatRates: { render: '0.13' },
            taxCodes: { ai: '3040205000000000000' },
            prices: {
              'gpu.h100-80g': { kind: 'per_unit', unitPrice: '10.01' },
              'render.node': { kind: 'per_unit', unitPrice: '4.00' },
            },
          },
        ],
      })
      .expect(201);
    expect(created.body.versions[0]).toMatchObject({ taxInclusive: false, vatRates: { render: '0.13' } });
    expect(new Decimal(created.body.versions[0].vatRate).eq('0.06')).toBe(true);
    const bad = await admin
      .post(`/v1/price-books/${bookId}/versions`)
      .send({ version: 2, effectiveFrom: '2027-01-01T00:00:00Z', prices: {}, vatRates: { gpu: '0.06' } })
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('vatRates');

    const tenantId = uniqueId('taxed-');
    await park.app.get(TenantService).create({
      id: tenantId,
      name: '含税测试企业',
      parkId: park.world.parkId,
      priceBookId: bookId,
      provinceCode: '52',
    });
    await admin.put(`/v1/tenants/${tenantId}/invoicing-party`).send(INVOICING_PARTY).expect(200);
    const programmeId = await park.world.programme({ ratio: '0.3', invoicing: 'bureau_share' }, 'tax-voucher');
    await park.world.grant(tenantId, programmeId, '1000.00');
    // a tenant with usage but no invoicing party: left out of the batch, named on the third sheet
    const partyless = await park.world.tenant('no-party');
    await park.world.usage({
      tenantId: partyless,
      sku: 'render.node',
      jobType: 'render',
      start: '2026-10-03T00:00:00Z',
      hours: 5,
    });
    await finance.post(`/v1/tenants/${partyless}/statements/2026-10/issue`).expect(201);

    await park.world.usage({ tenantId, start: '2026-10-02T00:00:00Z', hours: 7 }); // 70.07 → VAT 4.2042 → 4.20
    await park.world.usage({
      tenantId,
      sku: 'render.node',
      jobType: 'render',
      start: '2026-10-05T00:00:00Z',
      hours: 3,
    });
    await finance.post(`/v1/tenants/${tenantId}/statements/2026-10/issue`).expect(201);

    const detail = await finance.get(`/v1/tenants/${tenantId}/statements/2026-10`).expect(200);
    const view = detail.body.statement.view as {
      lines: Line[];
      totals: { gross: string; deductions: string; netPayable: string };
      taxTotals: { amountExclTax: string; tax: string; amountInclTax: string };
      invoiceable: { amountInclTax: string };
      invoicingByProgramme: { invoicing: string; bureauInvoiced: { amountInclTax: string } }[];
    };
    const byAmount = Object.fromEntries(view.lines.map((l) => [l.amount, l]));
    expect(byAmount['70.07']).toMatchObject({
      vatRate: '0.06',
      amountExclTax: '70.07',
      tax: '4.20',
      amountInclTax: '74.27',
    });
    expect(byAmount['12.00']).toMatchObject({
      vatRate: '0.13',
      amountExclTax: '12.00',
      tax: '1.56',
      amountInclTax: '13.56',
    });
    expect(view.taxTotals).toEqual({ amountExclTax: '82.07', tax: '5.76', amountInclTax: '87.83' });
    // the voucher: 30 % of each rated line (21.02 + 3.60), off the 价税合计 owed
    expect([view.totals.gross, view.totals.deductions, view.totals.netPayable]).toEqual(['87.83', '24.62', '63.21']);
    expect(view.invoiceable.amountInclTax).toBe('63.21');
    expect(view.invoicingByProgramme).toMatchObject([
      { invoicing: 'bureau_share', bureauInvoiced: { amountInclTax: '24.62' } },
    ]);
    // stored on the rows too
    expect(detail.body.statement).toMatchObject({
      totalExclTax: '82.07',
      totalTax: '5.76',
      totalInclTax: '87.83',
      invoiceable: '63.21',
    });
    const stored = detail.body.lines.find((l: { amount: string }) => l.amount === '70.07');
    expect(stored).toMatchObject({ amountExclTax: '70.07', tax: '4.20', amountInclTax: '74.27' });

    const csv = (await finance.get(`/v1/tenants/${tenantId}/statements/2026-10/export.csv`).expect(200)).text;
    expect(csv).toContain(',6%,70.07,4.20,74.27\r\n');
    expect(csv).toContain('税额合计 Total VAT,5.76\r\n');
    const xlsx = await finance.get(`/v1/tenants/${tenantId}/statements/2026-10/export.xlsx`).buffer(true).parse(binary);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as ArrayBuffer);
    const lines = book.getWorksheet('明细 Lines')!;
    const total = lines.getRow(lines.rowCount);
    expect([14, 15, 16].map((c) => (total.getCell(c).value as { result: number }).result)).toEqual([
      82.07, 5.76, 87.83,
    ]);

    const batch = await finance
      .get(`/v1/periods/2026-10/invoice-requests.xlsx?parkId=${park.world.parkId}`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(batch.body as ArrayBuffer);
    const basic = wb.getWorksheet('1-发票基本信息')!;
    const items = wb.getWorksheet('2-发票明细信息')!;
    expect(cells(basic.getRow(1))).toEqual([...INVOICE_BASIC_COLUMNS]);
    expect(cells(items.getRow(1))).toEqual([...INVOICE_DETAIL_COLUMNS]);
    expect(basic.rowCount).toBe(2);
    const invoice = basic.getRow(2);
    const col = (name: string) => INVOICE_BASIC_COLUMNS.indexOf(name as never) + 1;
    expect([invoice.getCell(col('发票流水号')).value, invoice.getCell(col('购买方纳税人识别号')).value]).toEqual([
      detail.body.statement.number,
      INVOICING_PARTY.taxpayerId,
    ]);
    expect(invoice.getCell(col('是否含税')).value).toBe('否');
    const d = (name: string) => INVOICE_DETAIL_COLUMNS.indexOf(name as never) + 1;
    const rows = Array.from({ length: items.rowCount - 1 }, (_, i) => items.getRow(i + 2));
    const sumOf = (name: string) =>
      rows.reduce((acc, r) => acc.plus(String(r.getCell(d(name)).value)), new Decimal(0)).toFixed(2);
    expect(new Decimal(sumOf('金额')).plus(sumOf('税额')).toFixed(2)).toBe(view.invoiceable.amountInclTax);
    expect(
      rows.map((r) => [r.getCell(d('商品和服务税收分类编码')).value, r.getCell(d('税率/征收率')).value]).sort(),
    ).toEqual([
      ['3040203000000000000', 0.13],
      ['3040205000000000000', 0.06],
    ]);
    const missing = wb.getWorksheet('3-未纳入 Not included')!;
    expect(String(missing.getRow(2).getCell(2).value)).toContain(partyless);
    expect(String(missing.getRow(2).getCell(3).value)).toContain('开票信息');
  });
});
