import { Queue, QueueEvents } from 'bullmq';
import type { INestApplication } from '@nestjs/common';
import { createLogger } from '@park/logging';
import { createApp } from '@park/platform';
import { bullConnection, JOBS, QUEUES } from '@park/queue';
import { ReconciliationWorkerModule } from '../../apps/reconciliation-worker/src/reconciliation-worker.module';
import { testConfig } from '../support/test-config';

describe('BullMQ on Redis, through the reconciliation worker', () => {
  const config = testConfig();
  let app: INestApplication;
  let queue: Queue;
  let events: QueueEvents;

  beforeAll(async () => {
    app = await createApp(config, createLogger({ app: 'test', level: 'silent' }), {
      app: 'reconciliation-worker',
      dependencies: ['redis'],
      features: [ReconciliationWorkerModule],
    });
    await app.init();
    const connection = bullConnection(config.redis);
    queue = new Queue(QUEUES.system, { connection, prefix: config.redis.queuePrefix });
    events = new QueueEvents(QUEUES.system, { connection, prefix: config.redis.queuePrefix });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await events?.close();
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await app?.close();
  });

  it('runs a job enqueued on Redis and returns its result', async () => {
    const job = await queue.add(JOBS.ping, { hello: 'park' });
    const result = await job.waitUntilFinished(events, 15_000);
    expect(result).toEqual({ pong: { hello: 'park' }, at: expect.any(String) });
  });
});
