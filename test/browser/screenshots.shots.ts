import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { addDeclaration, requireEvidence } from './console-claim-evidence';
import { apiGet, devToken, launchChromium, signIn, type SignIn } from './support/console-driver';
import { startDemoPark, type DemoPark } from './support/demo-park';

/**
 * `npm run console:screenshots`: a PNG of every main screen, per role, in zh-CN and English, into out/screenshots/
 * (plus the tenant's dashboard on a tablet), against the demo park. Look at them: they are what people will see.
 */
const OUT = path.resolve(__dirname, '..', '..', 'out', 'screenshots');
const TABLET = { width: 820, height: 1180 };

interface Shot {
  name: string;
  who: Omit<SignIn, 'locale'>;
  /** hash route, or a step that gets the page there */
  go: string | ((page: Page) => Promise<void>);
  ready: string;
}

describe('console screenshots', () => {
  let park: DemoPark;
  let browser: Browser;
  beforeAll(async () => {
    [park, browser] = await Promise.all([startDemoPark(), launchChromium()]);
    fs.mkdirSync(OUT, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await park?.stop();
  });

  it('writes a PNG of every main screen per role and language', async () => {
    const operator = await devToken(park.url, { role: 'operator-admin' });
    const claims = await apiGet<{ id: string; programmeId: string; bureauId: string }[]>(
      park.url,
      operator,
      '/v1/claims',
    );
    const big = claims.find((c) => c.programmeId === 'demo-gz-compute-voucher') ?? claims[0];
    // the evidence card with something satisfied and something missing: one tenant's declaration supplied
    await requireEvidence(park, big.programmeId, ['non_affiliation_declaration', 'delivery_certificate']);
    await addDeclaration(park, operator, big.id, 'demo-t01');
    const evidence = async (page: Page) => {
      await page.goto(`${park.url}/console/#/claims/${big.id}`);
      await page.getByTestId('claim-documents').locator('tbody tr.ant-table-row').first().waitFor();
      await page.getByTestId('claim-evidence').scrollIntoViewIfNeeded();
    };
    const tenant = { role: 'tenant-admin', tenantId: 'demo-t01' } as const;
    const auditor = { role: 'bureau-auditor', bureauId: big.bureauId } as const;
    const op = { role: 'operator-admin' } as const;
    const hook = await registerWebhooks(park, await devToken(park.url, tenant));
    const shots: Shot[] = [
      { name: 'tenant-usage', who: tenant, go: `/tenants/demo-t01/usage?period=${park.period}`, ready: 'cost-chart' },
      {
        name: 'tenant-usage-tablet',
        who: { ...tenant, viewport: TABLET },
        go: `/tenants/demo-t01/usage?period=${park.period}`,
        ready: 'cost-chart',
      },
      {
        name: 'tenant-vouchers',
        who: tenant,
        go: async (page) => {
          await page.goto(`${park.url}/console/#/tenants/demo-t01/vouchers`);
          await page.locator('.ant-table-row-expand-icon').first().click();
        },
        ready: 'vouchers-table',
      },
      { name: 'tenant-statements', who: tenant, go: '/tenants/demo-t01/statements', ready: 'statements-table' },
      {
        name: 'tenant-statement',
        who: tenant,
        go: `/tenants/demo-t01/statements/${park.period}`,
        ready: 'statement-lines',
      },
      {
        name: 'tenant-statement-tax',
        who: tenant,
        go: async (page) => {
          await page.goto(`${park.url}/console/#/tenants/demo-t01/statements/${park.period}`);
          await page.getByTestId('statement-tax').scrollIntoViewIfNeeded();
        },
        ready: 'statement-tax',
      },
      { name: 'tenant-charges', who: tenant, go: '/tenants/demo-t01/charges', ready: 'charges-page' },
      { name: 'operator-tenants', who: { role: 'operator-admin' }, go: '/tenants', ready: 'tenants-table' },
      { name: 'operator-clusters', who: op, go: '/clusters?cluster=demo-gpu-1', ready: 'keys-table' },
      { name: 'operator-cluster-list', who: op, go: '/clusters', ready: 'clusters-table' },
      { name: 'operator-price-books', who: op, go: '/price-books', ready: 'price-books-table' },
      {
        name: 'operator-price-book-form',
        who: op,
        go: async (page) => {
          await page.goto(`${park.url}/console/#/price-books`);
          await page.locator('[data-testid^="add-version-"]').first().click();
          await page.getByTestId('version-tax-inclusive').scrollIntoViewIfNeeded(); // the VAT fields, below the prices
        },
        ready: 'version-vat-rate',
      },
      { name: 'operator-contracts', who: op, go: '/contracts?tenant=demo-t01', ready: 'contracts-table' },
      { name: 'operator-programmes', who: op, go: '/programmes', ready: 'programmes-table' },
      { name: 'operator-programme-rules', who: op, go: '/programmes/demo-gz-compute-voucher', ready: 'rules-form' },
      { name: 'operator-grants', who: op, go: '/grants?tenant=demo-t01', ready: 'grants-table' },
      { name: 'operator-reconciliation', who: op, go: '/reconciliation', ready: 'run-start' },
      { name: 'operator-audit', who: op, go: '/audit', ready: 'audit-events' },
      { name: 'operator-periods', who: { role: 'operator-admin' }, go: '/periods', ready: 'periods-table' },
      { name: 'operator-claims', who: { role: 'operator-admin' }, go: '/claims', ready: 'claims-table' },
      { name: 'operator-claim', who: { role: 'operator-admin' }, go: `/claims/${big.id}`, ready: 'claim-lines' },
      { name: 'operator-claim-evidence', who: op, go: evidence, ready: 'document-upload-form' },
      { name: 'auditor-spend', who: auditor, go: '/spend', ready: 'spend-chart' },
      { name: 'auditor-spend-by-month', who: auditor, go: '/spend', ready: 'spend-month-chart' },
      {
        name: 'tenant-daily-trend',
        who: tenant,
        go: async (page) => {
          await page.goto(`${park.url}/console/#/tenants/demo-t01/usage?period=${park.period}`);
          await page.getByTestId('usage-table').waitFor();
          const fold = page.getByTestId('below-the-fold');
          if ((await fold.count()) > 0) await fold.scrollIntoViewIfNeeded();
        },
        ready: 'daily-chart',
      },
      { name: 'auditor-claims', who: auditor, go: '/claims', ready: 'claims-table' },
      { name: 'auditor-claim', who: auditor, go: `/claims/${big.id}`, ready: 'claim-lines' },
      { name: 'auditor-claim-evidence', who: auditor, go: evidence, ready: 'claim-evidence' },
      { name: 'auditor-clawbacks', who: auditor, go: '/clawbacks', ready: 'clawback-start' },
      { name: 'auditor-audit', who: auditor, go: '/audit', ready: 'audit-events' },
      { name: 'tenant-webhooks', who: tenant, go: '/webhooks', ready: 'webhooks-table' },
      { name: 'tenant-webhook', who: tenant, go: `/webhooks/${hook}`, ready: 'webhook-detail' },
      {
        name: 'tenant-webhook-secret',
        who: tenant,
        go: async (page) => {
          await page.goto(`${park.url}/console/#/webhooks`);
          await page.getByTestId('webhook-register').click();
          await page.getByTestId('webhook-url').fill('https://erp.example.cn/park-hooks/statements');
          await page.getByTestId('webhook-save').click();
          await page.getByTestId('webhook-secret').waitFor();
          // the dialog's zoom finished (waitForFunction evaluates a string, which the strict CSP refuses)
          for (let i = 0; i < 50 && (await page.evaluate('document.getAnimations().length')) !== 0; i++)
            await page.waitForTimeout(100);
        },
        ready: 'webhook-secret',
      },
      { name: 'operator-webhook-form', who: op, go: openRegisterForm(park), ready: 'webhook-form' },
    ];
    const written: string[] = [];
    for (const locale of ['zh-CN', 'en'] as const) {
      fs.mkdirSync(path.join(OUT, locale), { recursive: true });
      const { context, page } = await signIn(browser, park.url, { role: 'tenant-admin', locale });
      await page.goto(`${park.url}/console/`);
      await page.getByTestId('sign-out').click();
      await page.getByTestId('sign-in-submit').waitFor();
      written.push(await shoot(page, path.join(OUT, locale, 'sign-in.png')));
      await context.close();
      for (const shot of shots) {
        const signedIn = await signIn(browser, park.url, { ...shot.who, locale });
        if (typeof shot.go === 'string') await signedIn.page.goto(`${park.url}/console/#${shot.go}`);
        else await shot.go(signedIn.page);
        await signedIn.page.getByTestId(shot.ready).waitFor();
        written.push(await shoot(signedIn.page, path.join(OUT, locale, `${shot.name}.png`)));
        await signedIn.context.close();
      }
    }
    process.stdout.write(
      `console screenshots ` +
        `(${written.length}):\n${written.map((f) => `  ${path.relative(process.cwd(), f)}`).join('\n')}\n`,
    );
    expect(written.length).toBe(2 * (shots.length + 1));
    // about 50 pages, each signed in afresh: minutes on a loaded machine
  }, 900_000);
});

/** Two endpoints of demo-t01 for the list (one for its statements only); the first one's id. */
async function registerWebhooks(park: DemoPark, token: string): Promise<string> {
  const ids: string[] = [];
  for (const body of [
    { url: 'https://erp.example.cn/park-hooks', eventTypes: ['statement.issued', 'grant.balance_low'] },
    { url: 'https://ops.example.cn/hooks/park', description: '值班告警' },
  ]) {
    const response = await fetch(`${park.url}/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST /v1/webhooks: ${response.status} ${await response.text()}`);
    ids.push(((await response.json()) as { id: string }).id);
  }
  return ids[0];
}

const openRegisterForm = (park: DemoPark) => async (page: Page) => {
  await page.goto(`${park.url}/console/#/webhooks`);
  await page.getByTestId('webhook-register').click();
  await page.getByTestId('webhook-events').click();
};

async function shoot(page: Page, file: string): Promise<string> {
  await page.waitForLoadState('networkidle');
  await page.evaluate('document.fonts.ready');
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
