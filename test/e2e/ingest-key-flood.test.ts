import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { INestApplication } from '@nestjs/common';
import { AGENT_HEADERS } from '@park/agent-auth';
import { ClusterDirectoryRepository } from '@park/ingest';
import { createLogger } from '@park/logging';
import { createApp } from '@park/platform';
import { agentBodies } from '../../apps/ingest-gateway/src/agent-signature.guard';
import { IngestGatewayModule } from '../../apps/ingest-gateway/src/ingest-gateway.module';
import { testConfig } from '../support/test-config';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MB = 1024 * 1024;
const heapAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

/**
 * Issue 11 item 2: unauthenticated requests with made-up key ids used to leave a cache entry each, for ever
 * (130–190 MB of heap after 10,000 long ids). Now ids of the wrong shape are refused before any look-up, and
 * look-ups that find nothing are kept in a cache bounded in size and time.
 */
describe('a flood of unknown agent key ids leaves the heap bounded', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    app = await createApp(testConfig({ HOST: '127.0.0.1' }), createLogger({ app: 'test', level: 'silent' }), {
      app: 'ingest-gateway',
      dependencies: ['postgres', 'redis', 'kafka', 'clickhouse'],
      features: [IngestGatewayModule],
      bodies: agentBodies,
    });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => app?.close());

  /** Signed-looking pushes (fresh timestamp, nonce, a 64-byte "signature") under the given key ids. */
  async function flood(keyIds: () => string, count: number): Promise<Map<string, number>> {
    const body = JSON.stringify({ records: [{ event_id: 'x'.repeat(64), pad: 'p'.repeat(1_000) }] });
    const answers = new Map<string, number>();
    let next = 0;
    const worker = async () => {
      while (next < count) {
        next++;
        const res = await fetch(`${base}/v1/usage/batches`, {
          method: 'POST',
          body,
          headers: {
            'content-type': 'application/json',
            [AGENT_HEADERS.cluster]: 'gpu-flood',
            [AGENT_HEADERS.keyId]: keyIds(),
            [AGENT_HEADERS.timestamp]: String(Date.now()),
            [AGENT_HEADERS.nonce]: randomBytes(16).toString('hex'),
            [AGENT_HEADERS.signature]: randomBytes(64).toString('base64'),
          },
        });
        const code = `${res.status} ${((await res.json()) as { error?: { code?: string } }).error?.code}`;
        answers.set(code, (answers.get(code) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    return answers;
  }

  it('refuses 10,000 made-up key ids (5,000 of them 8,000 characters long), keeping ≤ 10,000 look-ups', async () => {
    const directory = app.get(ClusterDirectoryRepository);
    // warm-up: the first requests allocate what the app keeps anyway (JIT code, pools)
    await flood(() => `ak_${randomBytes(12).toString('hex')}`, 200);
    const before = heapAfterGc();

    const started = Date.now();
    const long = await flood(() => randomBytes(6_000).toString('base64'), 5_000);
    const shaped = await flood(() => `ak_${randomBytes(12).toString('hex')}`, 5_000);
    const after = heapAfterGc();

    const growthMb = (after - before) / MB;
    const cached = directory.cachedKeyCount();
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    console.log(
      `key-id flood: 5,000 long + 5,000 well-formed unknown ids in ${seconds} s; ` +
        `heap ${(before / MB).toFixed(1)} → ${(after / MB).toFixed(1)} MB (growth ${growthMb.toFixed(1)} MB); ` +
        `cached look-ups: ${cached.unknown} unknown, ${cached.known} known`,
    );
    expect(Object.fromEntries(long)).toEqual({ '401 UNKNOWN_KEY': 5_000 });
    expect(Object.fromEntries(shaped)).toEqual({ '401 UNKNOWN_KEY': 5_000 });
    // cheap checks first: the 5,000 long ids never reached the look-up (200 warm-up + 5,000 well-formed at most),
    // and the cache could not hold more than its size (10,000) whatever the flood
    expect(cached.unknown).toBeLessThanOrEqual(5_200);
    // generous: the long ids alone were ~40 MB of keys when each was cached
    expect(growthMb).toBeLessThan(30);
    // (a shared 2-core machine under load answers ~60 of these a second)
  }, 900_000);
});
