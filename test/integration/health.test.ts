import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createLogger } from '@park/logging';
import { createApp } from '@park/platform';
import { PARK_APP } from '../../apps/park/src/park.app';
import { testConfig } from '../support/test-config';

const silent = createLogger({ app: 'test', level: 'silent' });

describe('park /health', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('answers 200 with every dependency up', async () => {
    app = await createApp(testConfig(), silent, PARK_APP);
    await app.init();
    const res = await request(app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', failing: [] });
    for (const d of ['postgres', 'redis', 'kafka', 'clickhouse']) expect(res.body.dependencies[d].status).toBe('up');
    expect(res.body.threads['usage-sink'].status).toBe('up'); // the sink runs on a worker thread of park
    expect(res.headers['x-request-id']).toMatch(/.+/);
  });

  it('answers 503 naming the dependency that is down', async () => {
    // Nothing listens on port 1: Redis is "down" for this app while the others are up.
    app = await createApp(testConfig({ REDIS_URL: 'redis://127.0.0.1:1/0' }), silent, {
      ...PARK_APP,
      features: [],
      threads: [],
      prepare: {},
    });
    await app.init();
    const res = await request(app.getHttpServer()).get('/health').expect(503);
    expect(res.body.failing).toEqual(['redis']);
    expect(res.body.dependencies.redis).toMatchObject({ status: 'down', error: expect.any(String) });
    expect(res.body.dependencies.postgres.status).toBe('up');
  });
});
