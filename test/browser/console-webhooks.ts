import type { Browser, Page } from 'playwright-core';
import { apiGet, choose, devToken, signIn } from './support/console-driver';
import type { DemoPark } from './support/demo-park';

/**
 * The webhooks screen (issue 15), run inside console.test.ts so it shares its demo park: a tenant-admin registers
 * an endpoint (the park runs in development mode: http is accepted, as in test/integration/webhooks.test.ts), sees
 * its secret once, finds it listed and opens it; a tenant-viewer, who may not, sees neither the menu nor the button.
 */
interface Hook {
  id: string;
  url: string;
  eventTypes: string[];
  secret?: string;
}

const fieldError = (page: Page, testId: string, text: string) =>
  page
    .locator('.ant-form-item', { has: page.getByTestId(testId) })
    .locator('.ant-form-item-explain-error:not(.ant-form-show-help-item-leave)')
    .filter({ hasText: text })
    .first();

export function webhookScreenTests(world: () => { park: DemoPark; browser: Browser }) {
  it("lets a tenant-admin register a webhook: the API's error under the URL, the secret shown once", async () => {
    const { park, browser } = world();
    const token = await devToken(park.url, { role: 'tenant-admin', tenantId: 'demo-t02' });
    const { context, page, cspViolations } = await signIn(browser, park.url, {
      role: 'tenant-admin',
      tenantId: 'demo-t02',
    });
    await page.getByTestId('menu-/webhooks').click();
    await page.getByTestId('webhooks-page').getByTestId('empty').waitFor(); // the demo registers none
    await page.getByTestId('webhook-register').click();
    await page.getByTestId('webhook-url').fill('ftp://erp.example.cn/park-hooks');
    await page.getByTestId('webhook-save').click();
    await fieldError(page, 'webhook-url', 'http').waitFor(); // the API's check, under the field

    const url = 'http://127.0.0.1:9/console-hooks';
    await page.getByTestId('webhook-url').fill(url);
    await choose(page, 'webhook-events', '(statement.issued)');
    // the tenant's events only: nothing of the operator's or the bureau's is offered
    const offered = await page.locator('.ant-select-dropdown:visible .ant-select-item-option').allInnerTexts();
    expect(offered.join('\n')).not.toContain('period.closed');
    expect(offered.join('\n')).not.toContain('claim.submitted');
    await page.locator('.ant-modal-title').first().click(); // closes the list of events
    await page.getByTestId('webhook-save').click();
    const secret = await page.getByTestId('webhook-secret').innerText();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}/);
    expect(await page.locator('.ant-modal-content').last().innerText()).toContain('只显示这一次');
    await page.getByTestId('webhook-secret').locator('.ant-typography-copy').waitFor();
    await page.getByTestId('webhook-secret-close').click();
    await page.getByTestId('webhook-secret').waitFor({ state: 'detached' });

    const [hook, ...others] = await apiGet<Hook[]>(park.url, token, '/v1/webhooks');
    expect(others).toEqual([]);
    expect([hook.url, hook.eventTypes, hook.secret]).toEqual([url, ['statement.issued'], undefined]);
    const table = page.getByTestId('webhooks-table');
    await table.getByText(url).waitFor();
    expect(await table.innerText()).toContain('结算单出具');
    expect(await page.getByTestId(`webhook-state-${hook.id}`).innerText()).toBe('正常');

    await page.getByTestId(`webhook-open-${hook.id}`).click();
    await page.getByTestId('webhook-detail').waitFor();
    expect(await page.getByTestId('webhook-resume').count()).toBe(0); // not suspended
    await page.reload();
    await page.getByTestId('webhook-detail').waitFor();
    expect(await page.content()).not.toContain(secret); // never shown again
    await page.getByTestId('webhook-delete').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await page.getByTestId('webhooks-page').getByTestId('empty').waitFor();
    expect(await apiGet<Hook[]>(park.url, token, '/v1/webhooks')).toEqual([]);
    expect(cspViolations).toEqual([]);
    await context.close();
  });

  it('shows a tenant-viewer no webhooks: no menu entry, no register button', async () => {
    const { park, browser } = world();
    const { context, page } = await signIn(browser, park.url, { role: 'tenant-viewer', tenantId: 'demo-t02' });
    await page.getByTestId('menu-/tenants/demo-t02/usage').first().waitFor();
    expect(await page.getByTestId('menu-/webhooks').count()).toBe(0);
    await page.goto(`${park.url}/console/#/webhooks`);
    await page.waitForURL(/#\/tenants\/demo-t02\/usage/); // sent home: the route is not the viewer's
    expect(await page.getByTestId('webhook-register').count()).toBe(0);
    await context.close();
  });
}
