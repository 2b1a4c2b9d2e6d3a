import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { apiGet, launchChromium } from './support/console-driver';
import { freePort, startDemoPark, type DemoPark } from './support/demo-park';

/**
 * Production sign-in: the park in production mode (no development sign-in, tokens from the OIDC issuer only)
 * against a real OpenID provider (oidc-provider, in a process of its own). A person opens /console/, signs in at the
 * provider (authorization code + PKCE, login then consent), comes back, and sees their tenant's data, fetched with
 * the provider's access token.
 */
const ACCOUNT = {
  sub: 'finance.lead@demo-t01',
  name: '演示租户财务',
  park_role: 'tenant-admin',
  park_tenant: 'demo-t01',
};

/** The provider's access tokens live 75 s: the console renews them 60 s before expiry, so within a test. */
const TOKEN_TTL_S = 75;

function startProvider(port: number, redirectUri: string): Promise<ChildProcess> {
  const script = path.join(__dirname, 'support', 'oidc-provider.mjs');
  const args = [script, String(port), redirectUri, 'park-api', JSON.stringify(ACCOUNT), String(TOKEN_TTL_S)];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('oidc provider ready')) resolve(child);
    });
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`the OIDC provider exited (${code}):\n${out}`)));
  });
}

/** Waits until `done` holds, checking every 500 ms; fails naming `what` after `ms`. */
async function until(done: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`no ${what} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;

describe('web console production sign-in (Chromium, OIDC provider)', () => {
  let park: DemoPark;
  let browser: Browser;
  let provider: ChildProcess | undefined;
  let issuer: string;

  beforeAll(async () => {
    const issuerPort = await freePort();
    issuer = `http://127.0.0.1:${issuerPort}`;
    [park, browser] = await Promise.all([startDemoPark(), launchChromium()]);
    // the demo's data stays; the park comes back as production runs it
    await park.restart({
      PARK_MODE: 'production',
      PARK_DEMO: undefined,
      AUTH_LOCAL_SECRET: undefined,
      AUTH_ISSUER: issuer,
      AUTH_JWKS_URL: `${issuer}/jwks`,
      AUTH_AUDIENCE: 'park-api',
      CONSOLE_OIDC_CLIENT_ID: 'park-console',
      CLICKHOUSE_EMBEDDED_IN_PRODUCTION: '1',
      PARK_SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    provider = await startProvider(issuerPort, `${park.url}/console/`);
  });
  async function stopProvider() {
    if (!provider || provider.exitCode !== null || provider.signalCode !== null) return;
    const stopped = new Promise((resolve) => provider?.once('exit', resolve));
    provider.kill('SIGTERM');
    await stopped;
  }

  afterAll(async () => {
    provider?.kill('SIGTERM');
    await browser?.close();
    await park?.stop();
  });

  it('signs in at the issuer: no development sign-in, a request with no token refused', async () => {
    expect(await (await fetch(`${park.url}/console/config.json`)).json()).toEqual({
      signIn: 'oidc',
      issuer,
      clientId: 'park-console',
      scope: 'openid profile',
    });
    const devSignIn = await fetch(`${park.url}/v1/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'operator-admin' }),
    });
    expect(devSignIn.status).toBe(404);
    expect((await fetch(`${park.url}/v1/tenants/demo-t01/statements`)).status).toBe(401);
  });

  /** Opens the console in a new context and signs the tenant in at the provider; every bearer the API saw is kept. */
  async function signInAtProvider() {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // the provider's development pages @import a web font: nothing leaves this machine
    await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
    const cspViolations: string[] = [];
    context.on('console', (message) => {
      if (message.type() === 'error' && message.text().includes('Content Security Policy'))
        cspViolations.push(message.text());
    });
    const bearers = new Set<string>();
    const apiAnswers: string[] = [];
    context.on('request', (request) => {
      const authorization = request.headers().authorization;
      if (request.url().startsWith(`${park.url}/v1/`) && authorization) bearers.add(authorization);
    });
    context.on('response', (response) => {
      if (response.url().startsWith(`${park.url}/v1/`)) apiAnswers.push(`${response.status()} ${response.url()}`);
    });
    const page = await context.newPage();
    await page.goto(`${park.url}/console/`);
    await page.getByTestId('oidc-sign-in').click();

    // the provider's login page, then its consent page
    await page.waitForURL((url) => url.href.startsWith(`${issuer}/interaction/`));
    await page.locator('input[name="login"]').fill(ACCOUNT.sub);
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByTestId('current-user').waitFor();
    return { context, page, bearers, apiAnswers, cspViolations };
  }

  it("signs a tenant in at the provider (code + PKCE) and shows its data with the provider's token", async () => {
    const { context, page, bearers, apiAnswers, cspViolations } = await signInAtProvider();
    // back in the console, signed in as the tenant, its first screen filled from the API
    expect(page.url()).not.toContain('code=');
    expect(await page.getByTestId('current-user').innerText()).toContain(ACCOUNT.name);
    await page.getByTestId('menu-/tenants/demo-t01/vouchers').click();
    await page.getByTestId('vouchers-table').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('vouchers-table').innerText()).toContain('demo-t01-gz-voucher');

    // every API call carried the provider's access token (renewed at most once by now), and the API accepted it
    expect(bearers.size).toBeGreaterThanOrEqual(1);
    for (const bearer of bearers)
      expect(claimsOf(bearer.replace(/^Bearer /, ''))).toMatchObject({ iss: issuer, park_tenant: 'demo-t01' });
    const token = [...bearers].at(-1)!.replace(/^Bearer /, '');
    expect(claimsOf(token)).toMatchObject({ iss: issuer, aud: 'park-api', sub: ACCOUNT.sub, park_tenant: 'demo-t01' });
    expect(apiAnswers.length).toBeGreaterThan(0);
    expect(apiAnswers.filter((answer) => /^40[13] /.test(answer))).toEqual([]); // (this month has no statement: 404)
    const statements = await apiGet<{ number: string }[]>(park.url, token, '/v1/tenants/demo-t01/statements');
    expect(statements.length).toBeGreaterThan(0);
    // and it names this tenant only
    const foreign = await fetch(`${park.url}/v1/tenants/demo-t02/statements`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(foreign.status).toBe(404);
    expect(cspViolations).toEqual([]); // the park's own policy lets the page reach the issuer
    await context.close();
  });

  it('renews the token before it expires; when renewal fails the user is sent to sign in, told why', async () => {
    const { context, page, bearers, apiAnswers } = await signInAtProvider();
    const refreshes: number[] = [];
    context.on('response', (response) => {
      if (response.url() === `${issuer}/token` && response.request().postData()?.includes('grant_type=refresh_token'))
        refreshes.push(response.status());
    });
    const first = [...bearers].at(-1);
    // the token lives 75 s and is renewed 60 s before it expires: with the refresh token, in the background
    await until(() => refreshes.length > 0, 45_000, 'a refresh of the access token');
    expect(refreshes[0]).toBe(200);
    await page.getByTestId('menu-/tenants/demo-t01/vouchers').click();
    await page.getByTestId('vouchers-table').locator('tbody tr.ant-table-row').first().waitFor();
    const latest = [...bearers].at(-1);
    expect(latest).not.toBe(first);
    expect(claimsOf(latest!.replace(/^Bearer /, ''))).toMatchObject({ iss: issuer, park_tenant: 'demo-t01' });
    expect(apiAnswers.filter((answer) => answer.startsWith('401 '))).toEqual([]);

    // the issuer goes away: the next renewal fails, and the console says so on its sign-in page
    await stopProvider();
    await page.getByTestId('session-expired').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('session-expired').innerText()).toContain('登录已过期');
    await page.getByTestId('oidc-sign-in').waitFor();
    await context.close();
  }, 180_000);

  it('says so when the issuer cannot be reached, instead of doing nothing', async () => {
    await stopProvider();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${park.url}/console/`);
    await page.getByTestId('oidc-sign-in').click();
    expect(await page.getByTestId('sign-in-failure').innerText()).toContain(issuer);
    expect(page.url()).toBe(`${park.url}/console/`);
    await context.close();
  });
});
