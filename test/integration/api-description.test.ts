import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createLogger } from '@park/logging';
import { createApp } from '@park/platform';
import { IngestGatewayModule } from '../../apps/ingest-gateway/src/ingest-gateway.module';
import { testConfig } from '../support/test-config';

describe('the gateway describes its API', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createApp(testConfig(), createLogger({ app: 'test', level: 'silent' }), {
      app: 'ingest-gateway',
      dependencies: ['postgres', 'redis', 'kafka', 'clickhouse'],
      features: [IngestGatewayModule],
    });
    await app.init();
  });
  afterAll(() => app?.close());

  it('serves the OpenAPI document with the versioned agent routes, and a browsable page', async () => {
    const doc = (await request(app.getHttpServer()).get('/openapi.json').expect(200)).body as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/v1/usage/batches',
      '/v1/manifests',
      '/v1/ingestion/status',
      '/v1/usage/lookup',
      '/v1/clusters/{clusterId}/keys',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    // public (no token), and it tells clients how to authenticate
    expect(
      (doc as unknown as { components: { securitySchemes: Record<string, { scheme?: string }> } }).components
        .securitySchemes.bearer,
    ).toMatchObject({ scheme: 'bearer' });
    const page = await request(app.getHttpServer()).get('/docs').redirects(1).expect(200);
    expect(page.text).toContain('swagger');
  });
});
