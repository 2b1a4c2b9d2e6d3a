import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { Browser, Page, Response } from 'playwright-core';
import { apiGet, choose, devToken, signIn } from './support/console-driver';
import type { DemoPark } from './support/demo-park';

/**
 * VAT on the statement screen, the Excel downloads and the operator's bulk-invoice export (issue 16 items 1, 3, 6),
 * run inside console.test.ts so they share its demo park. What the page shows is checked against the API.
 */
interface TaxAmounts {
  amountExclTax: string;
  tax: string;
  amountInclTax: string;
}
interface StatementDetail {
  statement: {
    xlsxSha256: string | null;
    view: {
      lines: { vatRate?: string }[];
      taxTotals?: TaxAmounts;
      invoiceable?: TaxAmounts;
      invoicingByProgramme?: { programmeId: string }[];
    };
  };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const yuan = (amount: string) => {
  const [whole, fraction] = amount.split('.');
  return `${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${(fraction ?? '').padEnd(2, '0')} 元`;
};

/** Clicks a download button; the API's answer (status, x-content-sha256, body) and the file the browser saved. */
async function downloadThrough(page: Page, testId: string, path: string) {
  const [response, download] = await Promise.all([
    page.waitForResponse((r: Response) => r.url().includes(path)),
    page.waitForEvent('download'),
    page.getByTestId(testId).click(),
  ]);
  const body = await response.body();
  const saved = fs.readFileSync(await download.path());
  return { status: response.status(), header: response.headers()['x-content-sha256'], body, saved };
}

export function taxScreenTests(world: () => { park: DemoPark; browser: Browser }) {
  it('shows a tenant the VAT of an issued statement and downloads its Excel files, digests checked', async () => {
    const { park, browser } = world();
    const token = await devToken(park.url, { role: 'tenant-admin', tenantId: 'demo-t01' });
    const { statement } = await apiGet<StatementDetail>(
      park.url,
      token,
      `/v1/tenants/demo-t01/statements/${park.period}`,
    );
    const { view } = statement;
    if (!view.taxTotals || !view.invoiceable) throw new Error('the demo statement carries no VAT breakdown');
    const { context, page, cspViolations } = await signIn(browser, park.url, {
      role: 'tenant-admin',
      tenantId: 'demo-t01',
    });
    await page.goto(`${park.url}/console/#/tenants/demo-t01/statements/${park.period}`);
    const lines = page.getByTestId('statement-lines');
    await lines.locator('tbody tr.ant-table-row').first().waitFor();
    const header = await lines.locator('thead').innerText();
    for (const title of ['税率', '不含税金额', '税额', '价税合计']) expect(header).toContain(title);
    expect(await page.getByTestId('line-vat-rate').first().innerText()).toMatch(/^\d+(\.\d+)?%$/);
    expect(await page.getByTestId('statement-tax-total').innerText()).toBe(yuan(view.taxTotals.tax));
    expect(await page.getByTestId('statement-invoiceable').innerText()).toBe(yuan(view.invoiceable.amountInclTax));
    const programmes = view.invoicingByProgramme ?? [];
    if (programmes.length > 0) {
      const rows = page.getByTestId('statement-tax-programmes').locator('tbody tr.ant-table-row');
      expect(await rows.count()).toBe(programmes.length);
    }

    const xlsx = await downloadThrough(page, 'download-xlsx', `/statements/${park.period}/export.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.header).toBe(sha256(xlsx.body));
    // the first Excel export of the statement records its digest: the one the page compared the file with
    const recorded = await apiGet<StatementDetail>(park.url, token, `/v1/tenants/demo-t01/statements/${park.period}`);
    expect([sha256(xlsx.saved), recorded.statement.xlsxSha256]).toEqual([xlsx.header, xlsx.header]);
    expect(await page.getByTestId('digest-xlsx').innerText()).toBe('SHA-256 与结算单一致');

    const usage = await downloadThrough(page, 'download-usage-xlsx', `/usage.xlsx?period=${park.period}`);
    expect(usage.status).toBe(200);
    expect(usage.body.subarray(0, 2).toString()).toBe('PK'); // an xlsx is a zip
    expect([usage.header, sha256(usage.saved)]).toEqual([sha256(usage.body), sha256(usage.body)]);
    expect(await page.getByTestId('download-usage-xlsx-digest').innerText()).toBe('SHA-256 与响应一致');
    expect(cspViolations).toEqual([]);
    await context.close();
  });

  it("downloads the operator's bulk-invoice export (批量开具) of the period as 普票", async () => {
    const { park, browser } = world();
    const { context, page, cspViolations } = await signIn(browser, park.url, { role: 'operator-finance' });
    await page.getByTestId('menu-/periods').click();
    await page.getByTestId('bulk-invoice-card').waitFor();
    await choose(page, 'bulk-invoice-period', park.period);
    await choose(page, 'bulk-invoice-type', '普票');
    const bulk = await downloadThrough(
      page,
      'bulk-invoice-download',
      `/v1/periods/${park.period}/invoice-requests.xlsx?invoiceType=ordinary`,
    );
    expect(bulk.status).toBe(200);
    expect(bulk.body.subarray(0, 2).toString()).toBe('PK');
    expect([bulk.header, sha256(bulk.saved)]).toEqual([sha256(bulk.body), sha256(bulk.body)]);
    expect(await page.getByTestId('bulk-invoice-download-digest').innerText()).toBe('SHA-256 与响应一致');
    expect(cspViolations).toEqual([]);
    await context.close();
  });

  it('adds a price book version with a VAT rate per resource class through the form', async () => {
    const { park, browser } = world();
    const operator = await devToken(park.url, { role: 'operator-admin' });
    type Book = { id: string; versions: { version: number; vatRate: string; vatRates: Record<string, string> }[] };
    const before = (await apiGet<Book[]>(park.url, operator, '/v1/price-books'))[0];
    const { context, page } = await signIn(browser, park.url, { role: 'operator-admin', locale: 'en' });
    await page.getByTestId('menu-/price-books').click();
    await page.getByTestId(`add-version-${before.id}`).click();
    // two months on: after every issued period, and after the version the operator screens' test adds
    const now = new Date();
    const later = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1)).toISOString();
    await page.getByTestId('version-effective-from').fill(later.replace('.000', ''));
    await page.getByTestId('version-vat-rate-network').fill('0.09');
    await page.getByTestId('version-save').click();
    await page.getByTestId('version-form').waitFor({ state: 'detached' });
    const after = (await apiGet<Book[]>(park.url, operator, '/v1/price-books')).find((b) => b.id === before.id);
    const added = [...(after?.versions ?? [])].sort((a, b) => b.version - a.version)[0];
    expect(after?.versions.length).toBe(before.versions.length + 1);
    expect(added.vatRates).toEqual({ network: '0.09' });
    await context.close();
  });

  it("sets a programme's invoicing mode (向主管部门开票) in the rules form", async () => {
    const { park, browser } = world();
    const operator = await devToken(park.url, { role: 'operator-admin' });
    const { context, page } = await signIn(browser, park.url, { role: 'operator-admin' });
    await page.goto(`${park.url}/console/#/programmes/demo-gz-compute-voucher`);
    // each option explains its mode in a line; this one's line is bureau_share's alone
    await choose(page, 'rules-invoicing', '券抵扣部分由园区向主管部门开票');
    await page.getByTestId('rules-form').getByText('券抵扣部分由园区向主管部门开票').waitFor();
    await page.getByTestId('rules-save').click();
    await page.getByTestId('rules-versions').locator('tbody tr.ant-table-row').nth(1).waitFor();
    type Programme = { rulesVersions: { rules: { invoicing?: string } }[] };
    const programme = await apiGet<Programme>(park.url, operator, '/v1/programmes/demo-gz-compute-voucher');
    expect(programme.rulesVersions.map((v) => v.rules.invoicing)).toEqual(['bureau_share']);
    await context.close();
  });
}
