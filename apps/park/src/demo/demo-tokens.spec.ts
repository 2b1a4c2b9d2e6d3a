import type { INestApplication } from '@nestjs/common';
import { createTokenVerifier } from '@park/auth';
import { loadConfig } from '@park/config';
import { authSettingsOf } from '@park/platform';
import { printDemoTokens } from './demo-tokens';

function fakeApp(): INestApplication {
  const first = (id: string) => ({ findFirst: () => Promise.resolve({ id }) });
  const client = { tenant: first('demo-tenant-1'), bureau: first('demo-bureau-1'), cluster: first('demo-cluster-1') };
  return { get: () => ({ client }) } as unknown as INestApplication;
}

describe('demo tokens printed by local runs', () => {
  it('prints a verifiable token per demo user, scoped to the first demo tenant and bureau', async () => {
    const config = loadConfig({});
    let text = '';
    await printDemoTokens(fakeApp(), config, (chunk) => (text += chunk));
    const tenantToken = /tenant-viewer\s+(\S+)/.exec(text)?.[1];
    const auditorToken = /bureau-auditor\s+(\S+)/.exec(text)?.[1];
    const verifier = createTokenVerifier(authSettingsOf(config));
    await expect(verifier.verify(tenantToken ?? '')).resolves.toMatchObject({ role: 'tenant-viewer', tenantId: 'demo-tenant-1' });
    await expect(verifier.verify(auditorToken ?? '')).resolves.toMatchObject({ role: 'bureau-auditor', bureauId: 'demo-bureau-1' });
    expect(text).not.toMatch(/cluster-agent\s+ey/);
  });

  it('prints nothing in production or without the demo', async () => {
    let text = '';
    await printDemoTokens(fakeApp(), loadConfig({ PARK_MODE: 'production', AUTH_ISSUER: 'https://idp.example.org' }), (chunk) => (text += chunk));
    await printDemoTokens(fakeApp(), loadConfig({ PARK_DEMO: '0' }), (chunk) => (text += chunk));
    expect(text).toBe('');
  });
});
