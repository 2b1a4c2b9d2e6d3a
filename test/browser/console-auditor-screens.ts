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
}
