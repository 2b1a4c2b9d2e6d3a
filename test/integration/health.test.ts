import { Injectable, Module, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createLogger } from '@park/logging';
import { createApp, HealthChecks } from '@park/platform';
import { PARK_APP } from '../../apps/park/src/park.app';
import { testConfig } from '../support/test-config';

const silent = createLogger({ app: 'test', level: 'silent' });

/** A feature whose check fails until told otherwise, as the sink's does for a partition that keeps failing. */
@Injectable()
class FlakyPart {
  failing = true;
  constructor(checks: HealthChecks) {
    checks.register('flaky-part', () =>
      this.failing ? { status: 'failing', error: 'partition 4: 3 failures in a row: refused' } : { status: 'ok' },
    );
  }
}
@Module({ providers: [FlakyPart] })
class FlakyPartModule {}

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

  it('answers 503 degraded naming a failing check while every dependency is up, 200 once it passes', async () => {
    app = await createApp(testConfig(), silent, {
      app: 'test',
      dependencies: ['postgres'],
      features: [FlakyPartModule],
    });
    await app.init();
    const res = await request(app.getHttpServer()).get('/health').expect(503);
    expect(res.body).toMatchObject({
      status: 'degraded',
      failing: ['flaky-part'],
      dependencies: { postgres: { status: 'up' } },
      checks: { 'flaky-part': { status: 'failing', error: 'partition 4: 3 failures in a row: refused' } },
    });
    app.get(FlakyPart).failing = false;
    expect((await request(app.getHttpServer()).get('/health').expect(200)).body).toMatchObject({
      status: 'ok',
      failing: [],
    });
  });
});
