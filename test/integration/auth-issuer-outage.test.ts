import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createLogger } from '@park/logging';
import { createApp } from '@park/platform';
import {
  makeSigningKey,
  startTestIssuer,
  type SigningKey,
  type TestIssuer,
} from '../../libs/auth/src/testing/oidc-issuer.server';
import { BillingApiModule } from '../../apps/billing-api/src/billing-api.module';
import { testConfig } from '../support/test-config';

/**
 * Issue 11 item 5, through the running API in production mode: a real OIDC issuer (discovery + JWKS over HTTP)
 * is stopped mid-test, then a flood of tokens naming unknown key ids arrives. Valid tokens keep working.
 */
describe('production bearer tokens while the OIDC issuer is down', () => {
  let idp: TestIssuer;
  let key: SigningKey;
  let app: INestApplication;

  beforeAll(async () => {
    idp = await startTestIssuer('park-api');
    key = await makeSigningKey('live-1', 'ES256');
    idp.publish([key]);
    const config = testConfig({
      PARK_MODE: 'production',
      AUTH_ISSUER: idp.issuer,
      CLICKHOUSE_EMBEDDED_IN_PRODUCTION: '1',
      PARK_SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
      HOST: '127.0.0.1',
    });
    app = await createApp(config, createLogger({ app: 'test', level: 'silent' }), {
      app: 'billing-api',
      dependencies: ['postgres', 'redis', 'clickhouse'],
      features: [BillingApiModule],
    });
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    await idp?.close().catch(() => undefined);
  });

  it('keeps answering valid tokens through a flood of unknown key ids', async () => {
    const server = app.getHttpServer();
    const admin = await idp.sign(key, { park_role: 'operator-admin' }, { expiresIn: '10m' });
    const asAdmin = () => request(server).get('/v1/tenants').set('authorization', `Bearer ${admin}`);
    await asAdmin().expect(200);
    await idp.close();

    const forger = await makeSigningKey('forger', 'ES256');
    const statuses: number[] = [];
    for (let wave = 0; wave < 6; wave += 1) {
      const flood = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const token = await idp.sign(forger, { park_role: 'operator-admin' }, { kid: `made-up-${wave}-${i}` });
          return (await request(server).get('/v1/tenants').set('authorization', `Bearer ${token}`)).status;
        }),
      );
      statuses.push(...flood);
      expect((await asAdmin()).status).toBe(200);
    }
    // never let in; at most the requests that waited on the one refresh attempt saw 503
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThan(200);
    console.log(
      `300 unknown-kid requests with the issuer down: ${statuses.filter((s) => s === 503).length} × 503, ` +
        `${statuses.filter((s) => s === 401).length} × 401; the valid token answered 200 after every wave`,
    );
  });
});
