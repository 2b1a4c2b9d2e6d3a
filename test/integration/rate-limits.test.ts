import { spawn, type ChildProcess } from 'node:child_process';
import type { INestApplication } from '@nestjs/common';
import { Client, credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import request from 'supertest';
import { signedHeaders, type AgentCredential } from '@park/agent-auth';
import { loadIngestPackage } from '@park/ingest';
import { createLogger } from '@park/logging';
import { registry } from '@park/observability';
import { seedSimulatedPark } from '@park/park-seed';
import { createApp, RateLimits } from '@park/platform';
import { PrismaService } from '@park/db';
import { createPark, testWorld, wireRecord } from '@park/usage-domain';
import { BillingApiModule } from '../../apps/billing-api/src/billing-api.module';
import { ingestGrpcApi } from '../../apps/ingest-gateway/src/grpc-api';
import { IngestGatewayModule } from '../../apps/ingest-gateway/src/ingest-gateway.module';
import { freePort } from '../../bench/bench-support';
import { pushBatch } from '../support/agent-client';
import { bearer, OPERATOR_ADMIN, OPERATOR_FINANCE } from '../support/auth-tokens';
import { testConfig, uniqueId } from '../support/test-config';

const PUSH = '/park.ingest.v1.IngestService/PushUsage';

async function metricValue(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric?.values ?? []) as { value: number; labels: Record<string, string | number> }[];
  const match = values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return match?.value ?? 0;
}

/** Issue 11: Redis-backed limits per cluster (records/s, bytes/s) and per principal (requests/s), 429 + Retry-After. */
describe('rate limits, with the real Redis (own key prefix)', () => {
  let app: INestApplication;
  let grpc: Client;
  let credential: AgentCredential;
  let clusterId: string;
  let tenantId: string;

  beforeAll(async () => {
    const grpcPort = await freePort();
    const config = testConfig({
      GRPC_PORT: String(grpcPort),
      RATE_LIMIT_REST_REQUESTS_PER_SECOND: '3',
      RATE_LIMIT_INGEST_RECORDS_PER_SECOND: '5000',
    });
    app = await createApp(config, createLogger({ app: 'test', level: 'silent' }), {
      app: 'gateway+billing',
      dependencies: ['postgres', 'redis', 'kafka', 'clickhouse'],
      features: [IngestGatewayModule, BillingApiModule],
      prepare: { clickhouseMigrations: true, kafkaTopics: true },
      grpc: ingestGrpcApi,
    });
    await app.startAllMicroservices();
    await app.init();
    const park = createPark(7, { tenants: 2, clusters: 2, prefix: uniqueId('rl') });
    const seeded = await seedSimulatedPark(app.get(PrismaService).client, park);
    clusterId = park.clusters[0].id;
    tenantId = [...park.bindings.get(clusterId)!][0];
    credential = seeded.credentials.get(clusterId)!;
    grpc = new Client(`127.0.0.1:${grpcPort}`, credentials.createInsecure());
  });
  afterAll(async () => {
    grpc?.close();
    await app?.close();
  });

  const records = (n: number): Record<string, unknown>[] => {
    const world = testWorld({ clusterId, tenantId, now: Date.now() });
    const batch = uniqueId('e');
    return Array.from({ length: n }, (_, i) => wireRecord(world, { event_id: `${batch}-${i}` }));
  };

  const pushGrpc = (batch: Record<string, unknown>[]) => {
    const definition = loadIngestPackage()['park.ingest.v1.IngestService'] as unknown as Record<
      string,
      {
        requestSerialize: (v: object) => Buffer;
        responseDeserialize: (b: Buffer) => unknown;
      }
    >;
    const bytes = definition.PushUsage.requestSerialize({ records: batch });
    const metadata = new Metadata();
    const { keyId, privateKeyPem } = credential;
    const headers = signedHeaders(privateKeyPem, { method: 'POST', path: PUSH, body: bytes, clusterId, keyId });
    for (const [k, v] of Object.entries(headers)) metadata.set(k, v);
    return new Promise<ServiceError | null>((resolve) => {
      const decode = definition.PushUsage.responseDeserialize;
      grpc.makeUnaryRequest(
        PUSH,
        (b: Buffer) => b,
        decode,
        bytes,
        metadata,
        (error) => resolve(error),
      );
    });
  };

  it('limits each principal on REST: 429 with Retry-After, others unaffected, counted in /metrics', async () => {
    const server = app.getHttpServer();
    const admin = await bearer(app, OPERATOR_ADMIN);
    const before = await metricValue('park_rate_limited_total', { api: 'rest', limit: 'requests' });
    const answers = await Promise.all(Array.from({ length: 10 }, () => request(server).get('/v1/tenants').set(admin)));
    const limited = answers.filter((r) => r.status === 429);
    expect(answers.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(3);
    expect(limited.length).toBeGreaterThanOrEqual(4);
    expect(limited[0].headers['retry-after']).toBe('1');
    expect(limited[0].body.error.code).toBe('RATE_LIMITED');
    await request(server)
      .get('/v1/tenants')
      .set(await bearer(app, OPERATOR_FINANCE))
      .expect(200);
    const after = await metricValue('park_rate_limited_total', { api: 'rest', limit: 'requests' });
    expect(after).toBe(before + limited.length);
    const text = (await request(server).get('/metrics').expect(200)).text;
    expect(text).toMatch(/park_rate_limited_total\{api="rest",limit="requests"\} \d+/);
  });

  it('limits each cluster’s records/s over HTTPS: two concurrent pushes of 3,000, one refused whole', async () => {
    const server = app.getHttpServer();
    const push = (batch: Record<string, unknown>[]) => pushBatch(server, clusterId, credential, batch);
    const answers = await Promise.all([push(records(3000)), push(records(3000))]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 429]);
    const refused = answers.find((r) => r.status === 429)!;
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(answers.find((r) => r.status === 200)!.body.accepted).toBe(3000);
  });

  it('limits the same cluster over gRPC with RESOURCE_EXHAUSTED', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a fresh window
    const errors = await Promise.all([pushGrpc(records(3000)), pushGrpc(records(3000))]);
    expect(errors.filter((e) => e === null)).toHaveLength(1);
    const refused = errors.find((e) => e !== null)!;
    expect(refused.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(refused.details).toMatch(/^RATE_LIMITED: cluster .* records per second limit; retry after 1 s$/);
  });

  it('limits bytes per second per cluster, each cluster on its own', async () => {
    const limits = app.get(RateLimits);
    const fiveMiB = { records: 0, bytes: 5 << 20 };
    const cluster = uniqueId('c');
    expect(await limits.consumeIngest(cluster, fiveMiB)).toEqual({ allowed: true });
    expect(await limits.consumeIngest(uniqueId('other'), fiveMiB)).toEqual({ allowed: true });
    // 64 MiB/s by default: 12 more of 5 MiB fill it
    const decisions = await Promise.all(Array.from({ length: 13 }, () => limits.consumeIngest(cluster, fiveMiB)));
    const refusal = { allowed: false, limit: 'bytes', retryAfterSeconds: 1 };
    expect(decisions.filter((d) => !d.allowed)).toContainEqual(refusal);
  });
});

describe('rate limits while Redis is down', () => {
  let redis: ChildProcess | null = null;
  let limits: RateLimits;

  afterAll(() => {
    redis?.kill('SIGKILL');
    limits?.onApplicationShutdown();
  });

  it('keep limiting per process, answer at once and count the fallback; shared again once Redis is back', async () => {
    const port = await freePort();
    const startRedis = () =>
      spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
    /** Until a check reaches Redis (the fallback counter stays still). */
    const untilShared = async () => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const errors = await metricValue('park_rate_limit_store_errors_total');
        await limits.consumeRest(uniqueId('probe'));
        if ((await metricValue('park_rate_limit_store_errors_total')) === errors) return;
        if (Date.now() > deadline) throw new Error(`private redis-server on ${port} not reachable`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    redis = startRedis();
    const config = testConfig({ REDIS_URL: `redis://127.0.0.1:${port}/0`, RATE_LIMIT_REST_REQUESTS_PER_SECOND: '5' });
    limits = new RateLimits(config);
    await untilShared();
    const errorsBefore = await metricValue('park_rate_limit_store_errors_total');
    expect(await limits.consumeRest('p-up')).toEqual({ allowed: true });
    expect(await metricValue('park_rate_limit_store_errors_total')).toBe(errorsBefore);

    redis.kill('SIGKILL');
    await new Promise((resolve) => redis!.once('exit', resolve));
    redis = null;
    const started = Date.now();
    const decisions = [];
    for (let i = 0; i < 8; i += 1) decisions.push(await limits.consumeRest('p-down'));
    const elapsed = Date.now() - started;
    console.log(`8 rate-limit checks with Redis down took ${elapsed} ms`);
    expect(elapsed).toBeLessThan(2_000);
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    expect(decisions[7]).toEqual({ allowed: false, limit: 'requests', retryAfterSeconds: 1 });
    expect(await metricValue('park_rate_limit_store_errors_total')).toBe(errorsBefore + 8);

    redis = startRedis();
    await untilShared();
    expect(await limits.consumeRest('p-back')).toEqual({ allowed: true });
  });
});
