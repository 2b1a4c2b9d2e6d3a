import * as fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless (playwright-core downloads no browser; scripts/ensure-chromium.sh installs it). */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: run bash scripts/ensure-chromium.sh (apt-get install chromium)`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

export type PersonRole = 'operator-admin' | 'operator-finance' | 'tenant-admin' | 'tenant-viewer' | 'bureau-auditor';

export interface SignIn {
  role: PersonRole;
  tenantId?: string;
  bureauId?: string;
  locale?: 'zh-CN' | 'en';
  viewport?: { width: number; height: number };
}

/** Picks an option of an antd Select by the text it shows. */
export async function choose(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

/**
 * The strict same-origin policy the console must work under (no inline script, nothing from another origin).
 * Inline styles stay allowed: antd writes its CSS-in-JS into <style> elements (helmet's default allows them too).
 */
export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Serves the console's page with STRICT_CSP and records every violation the browser reports. */
export async function enforceStrictCsp(context: BrowserContext, baseUrl: string): Promise<string[]> {
  const violations: string[] = [];
  await context.route(`${baseUrl}/console/`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': STRICT_CSP } });
  });
  context.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy'))
      violations.push(message.text());
  });
  return violations;
}

/** A fresh browser context signed in through the console's development sign-in page, as a person would. */
export async function signIn(
  browser: Browser,
  baseUrl: string,
  who: SignIn,
): Promise<{ context: BrowserContext; page: Page; cspViolations: string[] }> {
  const context = await browser.newContext({
    viewport: who.viewport ?? { width: 1280, height: 800 },
    acceptDownloads: true,
    timezoneId: 'Europe/London', // not Shanghai: the console must show Asia/Shanghai times whatever the browser's zone
  });
  const cspViolations = await enforceStrictCsp(context, baseUrl);
  const locale = who.locale ?? 'zh-CN';
  await context.addInitScript((l) => localStorage.setItem('park.console.locale', l), locale);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/console/`);
  await page.getByTestId('sign-in-submit').waitFor();
  if (who.role !== 'tenant-admin') await choose(page, 'sign-in-role', `(${who.role})`);
  if (who.tenantId) await choose(page, 'sign-in-tenant', `(${who.tenantId})`);
  if (who.bureauId) await choose(page, 'sign-in-bureau', `(${who.bureauId})`);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('current-user').waitFor();
  return { context, page, cspViolations };
}

/** A token for API calls made by the test itself (to compare what the page shows with what the API says). */
export async function devToken(baseUrl: string, who: Omit<SignIn, 'locale' | 'viewport'>): Promise<string> {
  const response = await fetch(`${baseUrl}/v1/dev/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  });
  if (!response.ok) throw new Error(`dev sign-in: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

export async function apiGet<T>(baseUrl: string, token: string, path: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
