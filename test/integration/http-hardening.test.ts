import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createLogger } from '@park/logging';
import { createApp } from '@park/platform';
import { BillingApiModule } from '../../apps/billing-api/src/billing-api.module';
import { IngestGatewayModule } from '../../apps/ingest-gateway/src/ingest-gateway.module';
import { testConfig } from '../support/test-config';

/** Issue 11 item 7: security headers, no X-Powered-By, small bodies before authentication except on agent routes. */
describe('HTTP hardening of every app', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createApp(testConfig(), createLogger({ app: 'test', level: 'silent' }), {
      app: 'gateway+billing',
      dependencies: ['postgres', 'redis', 'kafka', 'clickhouse'],
      features: [IngestGatewayModule, BillingApiModule],
    });
    await app.init();
  });
  afterAll(() => app?.close());

  const json = (bytes: number) => JSON.stringify({ pad: 'x'.repeat(bytes) });
  const post = (path: string, bytes: number) =>
    request(app.getHttpServer()).post(path).set('content-type', 'application/json').send(json(bytes));

  it('sends the security headers and no X-Powered-By', async () => {
    const res = await request(app.getHttpServer()).get('/health');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    const csp = String(res.headers['content-security-policy']);
    const directives = ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"];
    for (const directive of directives) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('upgrade-insecure-requests'); // plain http here: it would break /docs
  });

  it('serves /docs with scripts the policy allows (same origin, none inline)', async () => {
    const page = await request(app.getHttpServer()).get('/docs').redirects(1).expect(200);
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) {
      expect(attributes).toMatch(/src="(?!https?:|\/\/)/);
      expect(inline.trim()).toBe('');
    }
  });

  it('refuses a REST body over 1 MiB before authentication, and still authenticates a smaller one', async () => {
    const big = await post('/v1/tenants', 1_100_000);
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('BODY_TOO_LARGE');
    const small = await post('/v1/tenants', 900_000);
    expect(small.status).toBe(401);
  });

  it('keeps the 8 MiB limit of the agent routes', async () => {
    const twoMiB = await post('/v1/usage/batches', 2 << 20);
    expect(twoMiB.status).toBe(401); // read, then refused for its missing signature
    const nineMiB = await post('/v1/usage/batches', 9 << 20);
    expect(nineMiB.status).toBe(413);
  });
});
