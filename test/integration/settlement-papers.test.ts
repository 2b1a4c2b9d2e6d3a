import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import type { Response } from 'superagent';
import { InvoicingPartyService, TenantService } from '@park/billing';
import { SYSTEM_ACTOR } from '@park/audit-store';
import { assembleStatement, testing, type StatementView } from '@park/billing-domain';
import { renderStatementPdf, type StatementDocument } from '@park/statements-export';
import { Decimal, sum } from '@park/money';
import { httpAs, OPERATOR_FINANCE } from '../support/auth-tokens';
import { useBillingWorld } from './billing-park.fixture';

/**
 * Issue 16 items 6 and 7: the papers a finance department and a bureau accept. The PDFs are rendered to PNG with
 * Debian's poppler-utils (scripts/ensure-poppler.sh) into out/papers/ to be looked at, and read back with pdftotext:
 * every page numbered, the digest and the seal area printed. The claim's workbook read back with exceljs.
 */
const OUT = path.join(__dirname, '..', '..', 'out', 'papers');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const binary = (res: Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** Writes the PDF and its pages as PNG (60 dpi) under out/papers; returns each page's text. */
function renderPages(name: string, pdf: Buffer): string[] {
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of fs.readdirSync(OUT)) if (f.startsWith(`${name}-`)) fs.rmSync(path.join(OUT, f));
  const file = path.join(OUT, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', '60', '-png', file, path.join(OUT, name)]);
  const pngs = fs.readdirSync(OUT).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'));
  return pngs.map((_, i) =>
    execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-layout', file, '-'], {
      encoding: 'utf8',
    }).replace(/\s+/g, ' '),
  );
}

const PARTY = {
  name: '贵州视听算力产业园运营有限公司',
  taxpayerId: '91520100MA6DKXXX1A',
  address: '贵阳市观山湖区长岭北路 1 号',
  phone: '0851-80000000',
  bankName: '中国工商银行贵阳分行',
  bankAccount: '2402000009000000001',
};

/** A statement of 70 lines: three pages of A4 landscape. */
function longStatement(csvSha256: string): StatementDocument {
  const lines = Array.from({ length: 70 }, (_, i) =>
    testing.aLine({ amount: `${100 + i}.50`, periodId: '2026-10', tenantId: 'tenant-long' }),
  );
  const view = assembleStatement({
    tenantId: 'tenant-long',
    periodId: '2026-10',
    lines,
    deductions: [],
    programmes: [],
  });
  return {
    number: 'JS-202610-tenant-long',
    status: 'issued',
    periodId: '2026-10',
    issuedAt: new Date('2026-11-01T02:00:00Z'),
    tenant: { id: 'tenant-long', name: '星云智能科技有限公司', unifiedSocialCreditCode: '91350100M000100Y43' },
    view,
    seller: PARTY,
    buyer: { ...PARTY, name: '星云智能科技有限公司', taxpayerId: '91350100M000100Y43' },
    csvSha256,
  };
}

describe('settlement papers: page chrome on the PDFs, the claim as Excel', () => {
  const park = useBillingWorld();

  it('a three-page statement: every page numbered n of m; the CSV digest and the seal area on the last', async () => {
    const digest = 'a'.repeat(64);
    const pdf = await renderStatementPdf(longStatement(digest));
    const pages = renderPages('statement-long', pdf.content);
    expect(pages.length).toBe(3);
    pages.forEach((text, i) => expect(text).toContain(`第 ${i + 1} 页 / 共 3 页 Page ${i + 1} of 3`));
    const last = pages[2];
    expect(last).toContain(digest);
    for (const label of [
      '盖章 Seal',
      '签字 Signature',
      '日期 Date',
      '出具方 Issuer',
      '企业确认 Tenant acknowledgement',
    ])
      expect(last).toContain(label);
    expect(pages[0]).toContain('销售方 Seller');
    // still deterministic: the same statement, the same bytes
    expect((await renderStatementPdf(longStatement(digest))).sha256).toBe(pdf.sha256);
  });

  it("an issued statement's PDF prints its CSV's digest, the one the API answers and stores", async () => {
    const { world } = park;
    const http = await httpAs(park.app, OPERATOR_FINANCE);
    await park.app.get(InvoicingPartyService).record('park', world.parkId, PARTY, SYSTEM_ACTOR);
    const tenantId = await world.tenant('papers');
    await world.usage({ tenantId, sku: 'render.node', jobType: 'render', start: '2026-10-08T00:00:00Z', hours: 25 });
    await http.post(`/v1/tenants/${tenantId}/statements/2026-10/issue`).expect(201);
    const base = `/v1/tenants/${tenantId}/statements/2026-10`;
    const pdf = await http.get(`${base}/export.pdf`).buffer(true).parse(binary).expect(200);
    const csv = await http.get(`${base}/export.csv`).buffer(true).parse(binary).expect(200);
    const csvDigest = csv.headers['x-content-sha256'] as string;
    expect(csvDigest).toBe(sha256(csv.body as Buffer));
    // one line, its VAT breakdown and the totals on page 1; the seal area where it fits (page 2 at this length)
    const pages = renderPages('statement-issued', pdf.body as Buffer);
    expect(pages.length).toBeLessThanOrEqual(2);
    pages.forEach((p, i) => expect(p).toContain(`第 ${i + 1} 页 / 共 ${pages.length} 页`));
    const page = pages.join('\n');
    expect(pages[0]).toContain('税额明细 VAT breakdown');
    expect(page).toContain(csvDigest);
    expect(pages[pages.length - 1]).toContain('盖章 Seal');
    expect(page).toContain(PARTY.name);
    const stored = await world.statements.get(tenantId, '2026-10');
    expect(stored.csvSha256).toBe(csvDigest);
    expect(stored.pdfSha256).toBe(pdf.headers['x-content-sha256']);

    // a PDF handed out before the chrome (layout 1, its digest stored then) re-renders byte for byte
    const tenant = await park.app.get(TenantService).get(tenantId);
    const before = await renderStatementPdf({
      number: stored.number!,
      status: stored.status,
      periodId: '2026-10',
      issuedAt: stored.issuedAt!,
      tenant: { id: tenantId, name: tenant.name, unifiedSocialCreditCode: tenant.unifiedSocialCreditCode },
      view: stored.view as unknown as StatementView,
      paymentReference: null,
      invoiceNumber: null,
      seller: PARTY,
      buyer: null,
      pdfLayout: 1,
    });
    await world.prisma.statement.update({ where: { id: stored.id }, data: { pdfSha256: before.sha256 } });
    const again = await http.get(`${base}/export.pdf`).buffer(true).parse(binary).expect(200);
    expect(sha256(again.body as Buffer)).toBe(before.sha256);
    expect(again.headers['x-content-sha256']).toBe(before.sha256);
    expect(renderPages('statement-layout1', again.body as Buffer)[0]).not.toContain('Page 1 of 1');
  });

  it("a claim: its summary PDF names the parties, prints the data files' digests; the workbook adds up", async () => {
    const { world } = park;
    const op = await httpAs(park.app, OPERATOR_FINANCE);
    await park.app.get(InvoicingPartyService).record('park', world.parkId, PARTY, SYSTEM_ACTOR);
    const programmeId = await world.programme({ ratio: '0.3' }, 'papers-prog');
    const tenants = [await world.tenant('paperA'), await world.tenant('paperB')];
    for (const [i, tenantId] of tenants.entries()) {
      await world.grant(tenantId, programmeId, '100000.00');
      await world.usage({ tenantId, start: '2026-07-03T00:00:00Z', hours: 7 + i });
      await world.usage({ tenantId, start: '2026-08-11T00:00:00Z', hours: 3.3333 });
      await world.statements.issue(tenantId, '2026-07');
      await world.statements.issue(tenantId, '2026-08');
    }
    const claim = (await op.post('/v1/claims').send({ programmeId, cycle: '2026-Q3' }).expect(201)).body as {
      id: string;
      total: string;
      lines: { amount: string }[];
    };
    const file = async (name: string) =>
      (await op.get(`/v1/claims/${claim.id}/evidence/${name}`).buffer(true).parse(binary).expect(200)).body as Buffer;
    const pages = renderPages('claim-summary', await file('summary.pdf'));
    pages.forEach((text, i) => expect(text).toContain(`第 ${i + 1} 页 / 共 ${pages.length} 页`));
    const all = pages.join('\n');
    for (const name of ['tenants.csv', 'statements.csv', 'statement-lines.csv', 'usage-by-job.csv', 'tables.xlsx'])
      expect(all).toContain(sha256(await file(name)));
    for (const label of ['申请方 Claimant', '审核方 Bureau reviewer', '盖章 Seal', '签字 Signature', '日期 Date'])
      expect(all).toContain(label);
    expect(all).toContain(PARTY.name);
    expect(all).toContain('测试大数据局');

    const xlsx = await op.get(`/v1/claims/${claim.id}/export.xlsx`).buffer(true).parse(binary).expect(200);
    const bytes = xlsx.body as Buffer;
    expect(xlsx.headers['x-content-sha256']).toBe(sha256(bytes));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('申请明细 Claim lines')!;
    const total = sheet.getRow(sheet.rowCount);
    expect(total.getCell(1).value).toBe('合计 Total');
    expect((total.getCell(5).value as { result: number }).result).toBe(Number(claim.total));
    const header = sheet.getRow(sheet.rowCount - claim.lines.length - 1);
    expect(header.getCell(2).value).toBe('企业 Tenant');
    const amounts = claim.lines.map((_, i) => sheet.getRow(header.number + 1 + i).getCell(5));
    expect(amounts.map((c) => c.value)).toEqual(claim.lines.map((l) => Number(l.amount)));
    expect(amounts[0].numFmt).toBe('#,##0.00');
    // the same claim, the same bytes
    const again = await op.get(`/v1/claims/${claim.id}/export.xlsx`).buffer(true).parse(binary).expect(200);
    expect(again.headers['x-content-sha256']).toBe(xlsx.headers['x-content-sha256']);
  });

  it("a tenant's usage detail as Excel: per SKU as the usage API says, amounts add up to the statement", async () => {
    const { world } = park;
    const http = await httpAs(park.app, OPERATOR_FINANCE);
    const tenantId = await world.tenant('usagexl');
    await world.usage({ tenantId, start: '2026-10-03T00:00:00Z', hours: 7 });
    await world.usage({ tenantId, start: '2026-10-09T00:00:00Z', hours: 13.5, deviceCount: 3 });
    await world.usage({ tenantId, sku: 'render.node', jobType: 'render', start: '2026-10-08T00:00:00Z', hours: 25 });
    const statement = (await http.post(`/v1/tenants/${tenantId}/statements/2026-10/issue`).expect(201)).body as {
      number: string;
      view: { totals: { gross: string } };
    };
    const usage = (await http.get(`/v1/tenants/${tenantId}/usage?period=2026-10`).expect(200)).body as {
      skus: { sku: string; quantity: string; quantityBase: string }[];
    };
    const res = await http.get(`/v1/tenants/${tenantId}/usage.xlsx?period=2026-10`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const bytes = res.body as Buffer;
    expect(res.headers['x-content-sha256']).toBe(sha256(bytes));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);

    const bySku = book.getWorksheet('按SKU By SKU')!;
    expect(bySku.getRow(3).getCell(2).value).toBe(statement.number);
    const total = bySku.getRow(bySku.rowCount);
    expect(total.getCell(1).value).toBe('合计 Total');
    expect((total.getCell(7).value as { result: number }).result).toBe(Number(statement.view.totals.gross));
    const skuRows = usage.skus.map((_, i) => bySku.getRow(bySku.rowCount - usage.skus.length + i));
    expect(skuRows.map((r) => [r.getCell(1).value, r.getCell(2).value, r.getCell(4).value])).toEqual(
      usage.skus.map((u) => [u.sku, Number(u.quantity), Number(u.quantityBase)]),
    );

    const jobs = book.getWorksheet('作业明细 Jobs')!;
    expect(jobs.getRow(1).getCell(1).value).toBe('作业 Job id');
    const rows = Array.from({ length: jobs.rowCount - 1 }, (_, i) => jobs.getRow(i + 2));
    expect(rows.length).toBe(3);
    for (const r of rows) expect(r.getCell(4).value).toBe(`${world.parkId}-gpu`);
    for (const u of usage.skus) {
      const ofSku = rows.filter((r) => r.getCell(3).value === u.sku).map((r) => String(r.getCell(7).value));
      expect(sum(ofSku.map((q) => new Decimal(q))).toString()).toBe(new Decimal(u.quantityBase).toString());
    }
  });
});
