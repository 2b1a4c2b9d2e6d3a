import type { Browser, Page } from 'playwright-core';
import { apiGet, choose, devToken, signIn } from './support/console-driver';
import type { DemoPark } from './support/demo-park';

/**
 * The operator's catalogue, programme, grant, reconciliation and audit screens (issue 15), run inside
 * console.test.ts so they share its demo park. Each acts through the page and checks the result through the API.
 */
interface Programme {
  rulesVersions: { effectivePeriod: string; rules: { ratio: unknown } }[];
}

/**
 * The message antd shows under the form field holding the element with this test id, once it reads `text`. A
 * replaced message fades out while the new one fades in: the leaving one is not the field's message.
 */
const fieldError = (page: Page, testId: string, text = '') =>
  page
    .locator('.ant-form-item', { has: page.getByTestId(testId) })
    .locator('.ant-form-item-explain-error:not(.ant-form-show-help-item-leave)')
    .filter({ hasText: text })
    .first();

export function operatorScreenTests(world: () => { park: DemoPark; browser: Browser }) {
  /** The month after the current one: the demo bills last month, a new rules version starts next month. */
  const next = () => {
    const [year, month] = world().park.period.split('-').map(Number);
    const index = year * 12 + (month - 1) + 2;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  };

  it('lets the operator issue an agent key (private key shown once) and retire it', async () => {
    const { park, browser } = world();
    const operator = await devToken(park.url, { role: 'operator-admin' });
    const { context, page, cspViolations } = await signIn(browser, park.url, { role: 'operator-admin' });
    await page.goto(`${park.url}/console/#/clusters?cluster=demo-gpu-1`);
    // the demo's usage was loaded, not pushed: no agent of demo-gpu-1 ever pushed, and the list says so
    const listed = await apiGet<{ id: string; lastPushAt: string | null }[]>(park.url, operator, '/v1/clusters');
    expect(listed.find((c) => c.id === 'demo-gpu-1')?.lastPushAt).toBeNull();
    expect(await page.getByTestId('cluster-last-push-demo-gpu-1').innerText()).toBe('从未推送');
    const rows = page.getByTestId('keys-table').locator('tbody tr.ant-table-row');
    const before = await apiGet<{ keys: unknown[] }>(park.url, operator, '/v1/clusters/demo-gpu-1');
    await page.getByTestId('key-issue').click();
    expect(await page.getByTestId('private-key').innerText()).toContain('BEGIN PRIVATE KEY');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await rows.nth(before.keys.length).waitFor(); // the new key's row
    const issued = (await apiGet<{ keys: { keyId: string }[] }>(park.url, operator, '/v1/clusters/demo-gpu-1')).keys;
    const keyId = issued[issued.length - 1].keyId;
    await page.getByTestId(`key-retire-${keyId}`).click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await page.getByTestId(`key-retire-${keyId}`).waitFor({ state: 'detached' });
    const after = await apiGet<{ keys: { keyId: string; retiredAt: string | null }[] }>(
      park.url,
      operator,
      '/v1/clusters/demo-gpu-1',
    );
    expect(after.keys.find((k) => k.keyId === keyId)?.retiredAt).not.toBeNull();
    expect(cspViolations).toEqual([]);
    await context.close();
  });

  it("shows the API's messages on the price book and contract fields, then saves both", async () => {
    const { park, browser } = world();
    const operator = await devToken(park.url, { role: 'operator-admin' });
    const { context, page } = await signIn(browser, park.url, { role: 'operator-admin' });
    const [before] = await apiGet<{ versions: unknown[] }[]>(park.url, operator, '/v1/price-books');
    await page.getByTestId('menu-/price-books').click();
    await page.getByTestId('add-version-demo-park-standard').click();
    await page.getByTestId('price-cpu.core').fill('x');
    await page.getByTestId('version-save').click();
    await fieldError(page, 'price-cpu.core', 'decimal').waitFor();
    await page.getByTestId('price-cpu.core').fill('0.13');
    await page.getByTestId('version-save').click();
    await page.getByTestId('version-form').waitFor({ state: 'detached' });
    const [book] = await apiGet<{ versions: { version: number; entries: { sku: string; unitPrice: string }[] }[] }[]>(
      park.url,
      operator,
      '/v1/price-books',
    );
    expect(book.versions.length).toBe(before.versions.length + 1);
    const added = [...book.versions].sort((a, b) => b.version - a.version)[0]; // the form proposes the next number
    expect(added.entries.find((e) => e.sku === 'cpu.core')?.unitPrice).toBe('0.13');

    await page.goto(`${park.url}/console/#/contracts?tenant=demo-t02`);
    await page.getByTestId('contract-new').click();
    await page.getByTestId('contract-id').fill('browser-c1');
    await page.getByTestId('contract-number').fill('HT-BROWSER-1');
    await page.getByTestId('contract-signed-on').fill('2026-13-01');
    // after every issued period (an earlier start answers PERIOD_FROZEN)
    await page.getByTestId('contract-effective-from').fill(`${next()}-01T00:00:00Z`);
    await page.getByTestId('contract-save').click();
    await fieldError(page, 'contract-signed-on').waitFor();
    await page.getByTestId('contract-signed-on').fill('2025-12-20');
    await page.getByTestId('contract-save').click();
    await page.getByTestId('contracts-table').getByText('HT-BROWSER-1').waitFor();
    const contracts = await apiGet<{ id: string }[]>(park.url, operator, '/v1/tenants/demo-t02/contracts');
    expect(contracts.map((c) => c.id)).toContain('browser-c1');
    await context.close();
  });

  it('edits programme rules as a form: zod and domain issues on their fields, then a new version', async () => {
    const { park, browser } = world();
    const operator = await devToken(park.url, { role: 'operator-admin' });
    const { context, page } = await signIn(browser, park.url, { role: 'operator-admin', locale: 'en' });
    await page.getByTestId('menu-/programmes').click();
    await page.getByRole('link', { name: 'demo-gy-render-city' }).click();
    await page.getByTestId('rules-ratio').fill('abc'); // not a decimal: refused by the API's zod schema
    await page.getByTestId('rules-save').click();
    await fieldError(page, 'rules-ratio', 'a ratio').waitFor();
    await page.getByTestId('rules-ratio').fill('1.5'); // a decimal, but not a ratio: refused by billing-domain
    await page.getByTestId('rules-caps-maxFaceValue').fill('-5');
    await page.getByTestId('rules-save').click();
    await fieldError(page, 'rules-caps-maxFaceValue', 'negative').waitFor();
    await fieldError(page, 'rules-ratio', 'between 0 and 1').waitFor();
    await page.getByTestId('rules-ratio').fill('0.55');
    await page.getByTestId('rules-caps-maxFaceValue').fill('');
    await choose(page, 'rules-evidence-checklist', 'Service contract'); // the evidence its claims must carry
    await page.keyboard.press('Escape');
    await page.getByTestId('rules-save').click();
    await page.getByTestId('rules-versions').locator('tbody tr.ant-table-row').nth(1).waitFor();
    const programme = await apiGet<Programme>(park.url, operator, '/v1/programmes/demo-gy-render-city');
    expect(programme.rulesVersions).toEqual([
      expect.objectContaining({
        effectivePeriod: next(),
        rules: expect.objectContaining({ ratio: '0.55', evidenceChecklist: ['contract'] }),
      }),
    ]);
    await context.close();
  });

  it('issues and revokes a voucher, runs a reconciliation and verifies the audit chain', async () => {
    const { park, browser } = world();
    const operator = await devToken(park.url, { role: 'operator-admin' });
    const { context, page, cspViolations } = await signIn(browser, park.url, { role: 'operator-admin' });
    const year = park.period.slice(0, 4);
    await page.goto(`${park.url}/console/#/grants?tenant=demo-t03`);
    await page.getByTestId('grant-issue').click();
    await page.getByTestId('grant-id').fill('browser-g1');
    await choose(page, 'grant-programme', 'demo-gy-render-city');
    await page.getByTestId('grant-face-value').fill('1000.00');
    await page.getByTestId('grant-valid-from').fill(`${year}-01-01`);
    await page.getByTestId('grant-valid-to').fill(`${year}-12-31`);
    await page.getByTestId('grant-save').click();
    await page.getByTestId('grant-revoke-browser-g1').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await page.getByTestId('grant-revoke-browser-g1').waitFor({ state: 'detached' });
    const grant = await apiGet<{ status: string }>(park.url, operator, '/v1/tenants/demo-t03/grants/browser-g1');
    expect(grant.status).toBe('revoked');

    await page.getByTestId('menu-/reconciliation').click();
    await page.getByTestId('run-start').click();
    await page.locator('[data-testid="run-status"][data-status="completed"]').waitFor({ timeout: 120_000 });

    await page.getByTestId('menu-/audit').click();
    await page.getByTestId('audit-events').locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByTestId('audit-verify').click();
    await page.locator('[data-testid="audit-verification"][data-ok="true"]').waitFor();
    expect(await page.getByTestId('audit-verification').innerText()).toContain('audit chain intact');
    expect(cspViolations).toEqual([]);
    await context.close();
  });
  it('records a partial payment on a statement (发票与收款): the balance falls by it, in the page and the API', async () => {
    const { park, browser } = world();
    const operator = await devToken(park.url, { role: 'operator-admin' });
    type Settled = { periodId: string; balance: string; paidTotal: string };
    const [before] = await apiGet<Settled[]>(park.url, operator, '/v1/tenants/demo-t02/statements');
    const { context, page, cspViolations } = await signIn(browser, park.url, { role: 'operator-admin' });
    await page.goto(`${park.url}/console/#/tenants/demo-t02/statements/${before.periodId}`);
    await page.getByTestId('statement-settlement').waitFor();
    await page.getByTestId('payment-add').click();
    await page.locator('#receivedOn').fill('2026-11-10');
    await page.getByTestId('payment-amount').fill('1.00');
    await page.locator('#bankReference').fill(`BROWSER-${Date.now()}`);
    await page.getByTestId('settlement-save').click();
    await page.getByTestId('statement-payments').locator('tbody tr.ant-table-row').first().waitFor();
    const [after] = await apiGet<Settled[]>(park.url, operator, '/v1/tenants/demo-t02/statements');
    const cents = (amount: string) => BigInt(amount.replace('.', ''));
    expect(cents(before.balance) - cents(after.balance)).toBe(100n);
    const shown = (await page.getByTestId('statement-balance').innerText()).replace(/[^0-9.]/g, '');
    expect(shown).toBe(after.balance);
    expect(cspViolations).toEqual([]);
    await context.close();
  });
}
