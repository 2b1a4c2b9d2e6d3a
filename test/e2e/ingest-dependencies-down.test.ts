import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import type { AgentCredential } from '@park/agent-auth';
import { PrismaService } from '@park/db';
import { createLogger } from '@park/logging';
import { seedSimulatedPark } from '@park/park-seed';
import { createApp, type RunAppOptions } from '@park/platform';
import { createPark, testWorld, wireRecord, type TestWorld } from '@park/usage-domain';
import { agentBodies } from '../../apps/ingest-gateway/src/agent-signature.guard';
import { ingestGrpcApi } from '../../apps/ingest-gateway/src/grpc-api';
import { IngestGatewayModule } from '../../apps/ingest-gateway/src/ingest-gateway.module';
import { freePort } from '../../bench/bench-support';
import { tcpReachable } from '../support/services';
import { grpcAgent, httpAgent } from '../support/agent-transports';
import { waitFor } from '../support/agent-client';
import { testConfig, uniqueId } from '../support/test-config';

/** The bound these tests configure (INGEST_DEPENDENCY_TIMEOUT_MS); the default is 8 s. */
const BOUND_MS = 3_000;
/** Scheduling slack on a shared 2-core machine, on top of the bound. */
const SLACK_MS = 2_000;

const GATEWAY = (prepareTopics: boolean): RunAppOptions => ({
  app: 'ingest-gateway',
  dependencies: ['postgres', 'redis', 'kafka', 'clickhouse'],
  features: [IngestGatewayModule],
  prepare: { kafkaTopics: prepareTopics },
  grpc: ingestGrpcApi,
  bodies: agentBodies,
});

/** A gateway (its own process's app, the real stores except the one a test takes away) and a seeded cluster. */
async function gatewayWith(env: Record<string, string>, prepareTopics: boolean) {
  const grpcPort = await freePort();
  const config = testConfig({
    ...env,
    GRPC_PORT: String(grpcPort),
    HOST: '127.0.0.1',
    INGEST_DEPENDENCY_TIMEOUT_MS: String(BOUND_MS),
  });
  const app = await createApp(config, createLogger({ app: 'test', level: 'silent' }), GATEWAY(prepareTopics));
  await app.startAllMicroservices();
  await app.init();
  const park = createPark(9, { tenants: 2, clusters: 1, prefix: uniqueId('down') });
  const seeded = await seedSimulatedPark(app.get(PrismaService).client, park);
  const clusterId = park.clusters[0].id;
  const credential: AgentCredential = seeded.credentials.get(clusterId)!;
  const world: TestWorld = testWorld({ clusterId, tenantId: [...park.bindings.get(clusterId)!][0], now: Date.now() });
  return {
    app,
    world,
    http: httpAgent(app.getHttpServer(), clusterId, credential),
    grpc: grpcAgent(`127.0.0.1:${grpcPort}`, clusterId, credential),
  };
}

type Gateway = Awaited<ReturnType<typeof gatewayWith>>;

/** One push over each transport: the answers and how long each took. */
async function pushBoth(gw: Gateway) {
  const records = () => [wireRecord(gw.world, { event_id: uniqueId('ev-') })];
  let started = Date.now();
  const overHttp = await gw.http.answer(
    'POST',
    '/v1/usage/batches',
    Buffer.from(JSON.stringify({ records: records() })),
  );
  const httpMs = Date.now() - started;
  started = Date.now();
  const overGrpc = await gw.grpc.answer('PushUsage', { records: records() });
  return { overHttp, overGrpc, httpMs, grpcMs: Date.now() - started };
}

function timings(r: Awaited<ReturnType<typeof pushBoth>>): string {
  const { overHttp, overGrpc, httpMs, grpcMs } = r;
  return `HTTP ${overHttp.status} in ${httpMs} ms, gRPC ${overGrpc.grpcCode} in ${grpcMs} ms (bound ${BOUND_MS} ms)`;
}

describe('a push while Redis (the nonce store) is away answers 503 REDIS_UNAVAILABLE within the bound', () => {
  let redis: ChildProcess | undefined;
  let gw: Gateway;

  beforeAll(async () => {
    // a private Redis that this test stops; the shared one is never touched
    const port = await freePort();
    redis = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
      { stdio: 'ignore' },
    );
    await waitFor(
      'the private redis-server to listen',
      () => tcpReachable('127.0.0.1', port, 200),
      (up) => up,
      10_000,
    );
    gw = await gatewayWith({ REDIS_URL: `redis://127.0.0.1:${port}/0` }, true);
  });

  afterAll(async () => {
    gw?.grpc.client.close();
    if (redis && redis.exitCode === null) {
      redis.kill('SIGCONT');
      redis.kill('SIGKILL');
    }
    await gw?.app.close();
  });

  it('pushes while Redis answers, 503 while it hangs (SIGSTOP) and while it is gone, never a 500', async () => {
    const up = await pushBoth(gw);
    expect([up.overHttp.kind, up.overGrpc.kind]).toEqual(['ok', 'ok']);

    // stopped: connections stay open and nothing answers, the case a client would wait on longest
    redis!.kill('SIGSTOP');
    const hung = await pushBoth(gw);
    // gone: connections refused
    redis!.kill('SIGCONT');
    const exited = new Promise((r) => redis!.once('exit', r));
    redis!.kill('SIGKILL');
    await exited;
    const gone = await pushBoth(gw);

    for (const [name, r] of [
      ['hung', hung],
      ['gone', gone],
    ] as const) {
      console.log(`redis ${name}: ${timings(r)}`);
      expect({ name, http: r.overHttp.status, code: (r.overHttp as { code?: string }).code }).toEqual({
        name,
        http: 503,
        code: 'REDIS_UNAVAILABLE',
      });
      expect({ name, grpc: r.overGrpc.kind, code: (r.overGrpc as { code?: string }).code }).toEqual({
        name,
        grpc: 'unavailable',
        code: 'REDIS_UNAVAILABLE',
      });
      expect(Math.max(r.httpMs, r.grpcMs)).toBeLessThan(BOUND_MS + SLACK_MS);
    }
  });
});

describe('a push while Kafka does not answer gets 503 KAFKA_UNAVAILABLE within the bound, naming no address', () => {
  let silent: net.Server;
  const sockets = new Set<net.Socket>();
  let gw: Gateway;
  let silentPort: number;

  beforeAll(async () => {
    // a "broker" that accepts connections and never answers: kafkajs alone would wait ~41 s here
    silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    silentPort = await freePort();
    await new Promise<void>((resolve) => silent.listen(silentPort, '127.0.0.1', resolve));
    gw = await gatewayWith({ KAFKA_BROKERS: `127.0.0.1:${silentPort}` }, false);
  });

  afterAll(async () => {
    gw?.grpc.client.close();
    await gw?.app.close();
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent?.close(r));
  });

  it('answers both transports with 503 / UNAVAILABLE in time, and the message shows no broker address', async () => {
    const r = await pushBoth(gw);
    console.log(`kafka silent: ${timings(r)}`);
    expect({ http: r.overHttp.status, code: (r.overHttp as { code?: string }).code }).toEqual({
      http: 503,
      code: 'KAFKA_UNAVAILABLE',
    });
    expect({ grpc: r.overGrpc.kind, code: (r.overGrpc as { code?: string }).code }).toEqual({
      grpc: 'unavailable',
      code: 'KAFKA_UNAVAILABLE',
    });
    expect(Math.max(r.httpMs, r.grpcMs)).toBeLessThan(BOUND_MS + SLACK_MS);
    for (const message of [r.overHttp.message, r.overGrpc.message]) {
      expect(message).toEqual(expect.stringContaining('retry it as it is'));
      expect(message).not.toMatch(new RegExp(`127\\.0\\.0\\.1|${silentPort}|localhost`));
    }
  });
});
