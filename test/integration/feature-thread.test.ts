import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createLogger } from '@park/logging';
import { createApp, FeatureThreads, type FeatureThread } from '@park/platform';
import { testConfig } from '../support/test-config';

const silent = createLogger({ app: 'test', level: 'silent' });
const fixture = path.join(__dirname, '..', 'support', 'feature-thread.fixture');
const thread = (name: string, exported: string): FeatureThread => ({ name, file: fixture, export: exported });

// Real worker threads of this process, each running a Nest application context, asked over their ports.
describe('feature threads (libs/platform)', () => {
  let app: INestApplication | undefined;
  let localDir: string;
  beforeEach(() => {
    localDir = fs.mkdtempSync(path.join(os.tmpdir(), 'park-thread-'));
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    fs.rmSync(localDir, { recursive: true, force: true });
  });

  const start = async (threads: FeatureThread[]) => {
    app = await createApp(testConfig({ PARK_LOCAL_DIR: localDir }), silent, {
      app: 'test',
      dependencies: [],
      features: [],
      threads,
    });
    await app.init();
    return app;
  };

  it('reports the thread in /health, merges its metrics into /metrics, and closes its app with the host', async () => {
    const host = await start([thread('marker', 'MARKER_APP')]);

    const health = await request(host.getHttpServer()).get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', failing: [], threads: { marker: { status: 'up' } } });

    const text = (await request(host.getHttpServer()).get('/metrics').expect(200)).text;
    expect(text).toMatch(/^park_test_thread_starts_total 1$/m); // counted in the thread's own registry
    const families = text
      .split('\n')
      .filter((l) => l.startsWith('# TYPE '))
      .map((l) => l.split(' ')[2]);
    expect(families).toContain('process_cpu_seconds_total');
    expect(families).toContain('park_sink_records_total');
    expect(new Set(families).size).toBe(families.length); // one family per name, though every thread has them

    await host.close();
    app = undefined;
    expect(fs.readFileSync(path.join(localDir, 'thread-closed'), 'utf8')).toBe('closed');
  });

  it("fails the start of the host when a thread cannot start, with the thread's error", async () => {
    await expect(start([thread('failing', 'FAILING_APP')])).rejects.toThrow('fixture thread cannot start');
  });

  it('tells the host when a started thread dies, and /health reports it down', async () => {
    const host = await start([thread('dying', 'DYING_APP')]);
    const died = await new Promise<{ thread: string; error: Error }>((resolve) =>
      host.get(FeatureThreads).onFailure((name, error) => resolve({ thread: name, error })),
    );
    expect(died.thread).toBe('dying');
    expect(died.error.message).toBe('fixture thread died');
    const health = await request(host.getHttpServer()).get('/health').expect(503);
    expect(health.body).toMatchObject({
      status: 'down',
      failing: ['dying'],
      threads: { dying: { status: 'down', error: 'fixture thread died' } },
    });
  });
});
