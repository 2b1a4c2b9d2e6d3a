import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createTokenVerifier } from '@park/auth';
import { loadConfig } from '@park/config';
import { authSettingsOf } from '@park/platform';
import { writeDemoTokens } from './demo-tokens';

function fakeApp(): INestApplication {
  const first = (id: string) => ({ findFirst: () => Promise.resolve({ id }) });
  const client = { tenant: first('demo-tenant-1'), bureau: first('demo-bureau-1'), cluster: first('demo-cluster-1') };
  return { get: () => ({ client }) } as unknown as INestApplication;
}

describe('demo tokens of local runs', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-tokens-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a verifiable token per demo user to a file only its owner can read, and none to stdout', async () => {
    const config = loadConfig({ PARK_LOCAL_DIR: dir });
    const file = path.join(dir, 'demo-tokens.txt');
    fs.writeFileSync(file, 'an older file, world-readable', { mode: 0o644 });
    let text = '';
    expect(await writeDemoTokens(fakeApp(), config, (chunk) => (text += chunk))).toBe(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const written = fs.readFileSync(file, 'utf8');
    const tenantToken = /tenant-viewer\s+(\S+)/.exec(written)?.[1];
    const auditorToken = /bureau-auditor\s+(\S+)/.exec(written)?.[1];
    const verifier = createTokenVerifier(authSettingsOf(config));
    await expect(verifier.verify(tenantToken ?? '')).resolves.toMatchObject({
      role: 'tenant-viewer',
      tenantId: 'demo-tenant-1',
    });
    await expect(verifier.verify(auditorToken ?? '')).resolves.toMatchObject({
      role: 'bureau-auditor',
      bureauId: 'demo-bureau-1',
    });
    expect(written).not.toMatch(/cluster-agent\s+ey/);
    expect(text).toContain('demo-tokens.txt');
    expect(text).not.toMatch(/ey[A-Za-z0-9_-]{10,}\./);
  });

  it('writes nothing in production or without the demo', async () => {
    const production = loadConfig({
      PARK_MODE: 'production',
      AUTH_ISSUER: 'https://idp.example.org',
      CLICKHOUSE_URL: 'http://ch:8123',
      PARK_SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
      PARK_LOCAL_DIR: dir,
    });
    let text = '';
    expect(await writeDemoTokens(fakeApp(), production, (chunk) => (text += chunk))).toBeNull();
    const withoutDemo = loadConfig({ PARK_DEMO: '0', PARK_LOCAL_DIR: dir });
    expect(await writeDemoTokens(fakeApp(), withoutDemo, (chunk) => (text += chunk))).toBeNull();
    expect(text).toBe('');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
