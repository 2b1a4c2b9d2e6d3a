import type { Browser } from 'playwright-core';
import { apiGet, devToken, signIn } from './support/console-driver';
import type { DemoPark } from './support/demo-park';

/** The bureau auditor's clawback and audit events, and the tenant's charges and cost by job type (issue 15). */
export function auditorScreenTests(world: () => { park: DemoPark; browser: Browser }) {
  it('lets a bureau auditor claw back a grant after a confirmation; the tenant sees the charge', async () => {
    const { park, browser } = world();
    const operator = await devToken(park.url, { role: 'operator-admin' });
    const { context, page, cspViolations } = await signIn(browser, park.url, {
      role: 'bureau-auditor',
      bureauId: 'demo-gz-bdb',
    });
    await page.getByTestId('menu-/clawbacks').click();
    await page.getByTestId('clawback-grant').fill('demo-t01-gz-voucher');
    await page.getByTestId('clawback-reason').fill('虚报算力用量骗取算力券');
    await page.getByTestId('clawback-reference').fill('黔数局〔2026〕12号');
    await page.getByTestId('clawback-start').click();
    // nothing happens before the confirmation, which names the grant
    expect(await page.getByTestId('clawback-confirm-grant').innerText()).toBe('demo-t01-gz-voucher');
    expect(await apiGet<unknown[]>(park.url, operator, '/v1/programmes/demo-gz-compute-voucher/clawbacks')).toEqual([]);
    await page.getByTestId('clawback-confirm').click();
    await page.getByTestId('clawbacks-table').getByText('demo-t01-gz-voucher').waitFor();
    const [clawback] = await apiGet<{ amount: string; grantId: string }[]>(
      park.url,
      operator,
      '/v1/programmes/demo-gz-compute-voucher/clawbacks',
    );
    expect(clawback.grantId).toBe('demo-t01-gz-voucher');

    // the auditor's audit events show the clawback (its bureau's programmes only)
    await page.getByTestId('menu-/audit').click();
    await page.getByTestId('audit-events').locator('tbody tr.ant-table-row').first().waitFor();
    while (await page.locator('button:has-text("›"):not([disabled])').count()) {
      await page.locator('button:has-text("›")').click();
      await page.getByTestId('audit-events').locator('tbody tr.ant-table-row').first().waitFor();
    }
    expect(await page.getByTestId('audit-events').innerText()).toContain('clawback');
    expect(cspViolations).toEqual([]);
    await context.close();

    const tenant = await signIn(browser, park.url, { role: 'tenant-admin', tenantId: 'demo-t01' });
    await tenant.page.getByTestId('menu-/tenants/demo-t01/charges').click();
    const row = tenant.page.getByTestId('charges-table').locator('tbody tr.ant-table-row').first();
    await row.waitFor();
    const [whole, fraction] = clawback.amount.split('.');
    const shown = `${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${(fraction ?? '').padEnd(2, '0')} 元`;
    expect(await row.innerText()).toContain(shown);
    expect(await row.innerText()).toContain('追缴');
    await tenant.context.close();
  });

  it("shows a tenant's cost by job type next to cost by SKU", async () => {
    const { park, browser } = world();
    const { context, page } = await signIn(browser, park.url, { role: 'tenant-viewer', tenantId: 'demo-t02' });
    await page.goto(`${park.url}/console/#/tenants/demo-t02/usage?period=${park.period}`);
    await page.getByTestId('job-type-chart').locator('canvas').waitFor();
    await context.close();
  });

  it("charts a tenant's daily trend, an auditor's spend by month and lists clusters, from the API", async () => {
    const { park, browser } = world();
    const tenantToken = await devToken(park.url, { role: 'tenant-viewer', tenantId: 'demo-t02' });
    const daily = await apiGet<{ days: { day: string; amount: string; skus: unknown[] }[] }>(
      park.url,
      tenantToken,
      `/v1/tenants/demo-t02/usage/daily?period=${park.period}`,
    );
    const used = daily.days.filter((d) => d.skus.length > 0);
    expect(used.length).toBeGreaterThan(0);
    const tenant = await signIn(browser, park.url, { role: 'tenant-viewer', tenantId: 'demo-t02' });
    await tenant.page.goto(`${park.url}/console/#/tenants/demo-t02/usage?period=${park.period}`);
    // fetched once it scrolls into view (on a short page it is in view at once; the budget test measures the rest)
    await tenant.page.getByTestId('usage-table').waitFor();
    const fold = tenant.page.getByTestId('below-the-fold');
    if ((await fold.count()) > 0) await fold.scrollIntoViewIfNeeded();
    await tenant.page.getByTestId('daily-chart').locator('canvas').waitFor();
    const dailyRows = tenant.page.getByTestId('daily-table').locator('tbody tr.ant-table-row');
    expect(await dailyRows.count()).toBe(used.length);
    expect(await dailyRows.first().innerText()).toContain(used[0].day);
    await tenant.context.close();

    const operator = await devToken(park.url, { role: 'operator-admin' });
    const [programme] = await apiGet<{ id: string; bureauId: string }[]>(park.url, operator, '/v1/programmes');
    const auditor = await signIn(browser, park.url, { role: 'bureau-auditor', bureauId: programme.bureauId });
    await auditor.page.goto(`${park.url}/console/#/spend`);
    await auditor.page.getByTestId('spend-month-chart').locator('canvas').waitFor();
    const months = auditor.page.getByTestId('spend-month-table').locator('tbody tr.ant-table-row');
    expect(await months.count()).toBe(12);
    await auditor.context.close();

    const op = await signIn(browser, park.url, { role: 'operator-admin' });
    await op.page.goto(`${park.url}/console/#/clusters`);
    await op.page.getByTestId('cluster-row-demo-gpu-1').click();
    await op.page.getByTestId('keys-table').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await op.page.getByTestId('clusters-table').innerText()).toContain('demo-gpu-1');
    await op.context.close();
  });
}
