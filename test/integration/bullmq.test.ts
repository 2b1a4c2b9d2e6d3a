import { Queue, QueueEvents } from 'bullmq';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createLogger } from '@park/logging';
import { createApp } from '@park/platform';
import { bullConnection, JOBS, QUEUE_JOB_DEFAULTS, QUEUES } from '@park/queue';
import { ReconciliationWorkerModule } from '../../apps/reconciliation-worker/src/reconciliation-worker.module';
import { testConfig } from '../support/test-config';

/** The value of one sample of the Prometheus text, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

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
    const defaultJobOptions = QUEUE_JOB_DEFAULTS[QUEUES.system];
    queue = new Queue(QUEUES.system, { connection, prefix: config.redis.queuePrefix, defaultJobOptions });
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

  it('retries a failing job with exponential back-off, then keeps it failed with its error', async () => {
    const started = Date.now();
    const job = await queue.add('no-such-job', { n: 1 });
    await expect(job.waitUntilFinished(events, 30_000)).rejects.toThrow(/unknown job no-such-job on queue system/);
    const kept = await queue.getJob(job.id as string);
    expect(await kept?.getState()).toBe('failed');
    expect(kept?.attemptsMade).toBe(3);
    expect(kept?.failedReason).toBe('unknown job no-such-job on queue system');
    expect(kept?.stacktrace).toHaveLength(3); // one per attempt
    // 1 s then 2 s between the three attempts (BullMQ may pick a delayed job up a little early, not 3 s early)
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_500);
  });

  it('reports queue depth per state, attempt durations and failures per queue and job name in /metrics', async () => {
    const text = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
    expect(text).toContain('# TYPE park_queue_jobs gauge');
    for (const name of Object.values(QUEUES))
      for (const state of ['waiting', 'active', 'delayed', 'failed'])
        expect(sample(text, `park_queue_jobs{queue="${name}",state="${state}"}`)).toEqual(expect.any(Number));
    expect(sample(text, 'park_queue_jobs{queue="system",state="failed"}')).toBe(1);
    expect(sample(text, 'park_queue_jobs{queue="period-close",state="failed"}')).toBe(0);
    const failures = 'park_queue_job_failures_total{queue="system",name="no-such-job"';
    expect(sample(text, `${failures},final="false"}`)).toBe(2);
    expect(sample(text, `${failures},final="true"}`)).toBe(1);
    const durations = 'park_queue_job_duration_seconds_count{queue="system",name';
    expect(sample(text, `${durations}="ping",outcome="completed"}`)).toBe(1);
    expect(sample(text, `${durations}="no-such-job",outcome="failed"}`)).toBe(3);
  });
});
