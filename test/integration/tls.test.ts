import * as fs from 'node:fs';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Client, credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { signedHeaders, type AgentCredential } from '@park/agent-auth';
import { PrismaService } from '@park/db';
import { loadIngestPackage } from '@park/ingest';
import { createLogger } from '@park/logging';
import { seedSimulatedPark } from '@park/park-seed';
import { createApp } from '@park/platform';
import { createPark, testWorld, wireRecord } from '@park/usage-domain';
import { GatewayClient, loadPrivateKey } from '../../apps/cluster-agent/src/gateway.client';
import { main } from '../../apps/cluster-agent/src/main';
import { ingestGrpcApi } from '../../apps/ingest-gateway/src/grpc-api';
import { IngestGatewayModule } from '../../apps/ingest-gateway/src/ingest-gateway.module';
import { freePort } from '../../bench/bench-support';
import { makeTestCertificates, type TestCertificates } from '../support/test-certificates';
import { testConfig, uniqueId } from '../support/test-config';

const PUSH = '/park.ingest.v1.IngestService/PushUsage';

/** Issue 11: the apps serve HTTPS and gRPC over TLS from TLS_CERT_FILE / TLS_KEY_FILE; the agent verifies with --ca. */
describe('TLS on the agent API, verified by the agent with a CA bundle', () => {
  let certs: TestCertificates;
  let app: INestApplication;
  let baseUrl: string;
  let grpcTarget: string;
  let credential: AgentCredential;
  let clusterId: string;
  let tenantId: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    certs = makeTestCertificates();
    const [port, grpcPort] = [await freePort(), await freePort()];
    const config = testConfig({
      TLS_CERT_FILE: certs.certFile,
      TLS_KEY_FILE: certs.keyFile,
      GRPC_PORT: String(grpcPort),
    });
    app = await createApp(config, createLogger({ app: 'test', level: 'silent' }), {
      app: 'ingest-gateway',
      dependencies: ['postgres', 'redis', 'kafka', 'clickhouse'],
      features: [IngestGatewayModule],
      prepare: { clickhouseMigrations: true, kafkaTopics: true },
      grpc: ingestGrpcApi,
    });
    await app.startAllMicroservices();
    await app.listen(port, '127.0.0.1');
    baseUrl = `https://127.0.0.1:${port}`;
    grpcTarget = `127.0.0.1:${grpcPort}`;
    const park = createPark(11, { tenants: 2, clusters: 1, prefix: uniqueId('tls') });
    const seeded = await seedSimulatedPark(app.get(PrismaService).client, park);
    clusterId = park.clusters[0].id;
    tenantId = [...park.bindings.get(clusterId)!][0];
    credential = seeded.credentials.get(clusterId)!;
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await app?.close();
    certs?.remove();
  });

  const records = () => [
    wireRecord(testWorld({ clusterId, tenantId, now: Date.now() }), { event_id: uniqueId('tls-') }),
  ];
  const client = (ca?: string) =>
    new GatewayClient({
      baseUrl,
      identity: {
        clusterId,
        keyId: credential.keyId,
        privateKey: loadPrivateKey(credential.privateKeyPem, 'test key'),
      },
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, timeoutMs: 10_000 },
      log: () => undefined,
      ca,
    });

  it('pushes over HTTPS when the agent trusts the park CA, and refuses the server otherwise', async () => {
    const trusting = client(fs.readFileSync(certs.caFile, 'utf8'));
    const answer = await trusting.send('POST', '/v1/usage/batches', { records: records() });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ accepted: 1, rejected: 0 });
    await expect(client().send('POST', '/v1/usage/batches', { records: records() })).rejects.toThrow(/certificate/i);
  });

  it('takes the CA bundle from the CLI (--ca), and refuses it for a plain-http gateway', async () => {
    const keyFile = path.join(certs.dir, 'agent.pem');
    fs.writeFileSync(keyFile, credential.privateKeyPem, { mode: 0o600 });
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    const flags = ['--cluster', clusterId, '--key-id', credential.keyId, '--key-file', keyFile, '--max-attempts', '1'];
    expect(await main(['status', '--gateway', baseUrl, '--ca', certs.caFile, ...flags], io)).toBe(0);
    const plainHttp = main(['status', '--gateway', 'http://127.0.0.1:1', '--ca', certs.caFile, ...flags], io);
    await expect(plainHttp).rejects.toThrow(/--ca verifies an https gateway/);
  });

  it('serves gRPC over TLS: a client trusting the CA pushes, one that does not is refused', async () => {
    const definition = loadIngestPackage()['park.ingest.v1.IngestService'] as unknown as Record<
      string,
      {
        requestSerialize: (v: object) => Buffer;
        responseDeserialize: (b: Buffer) => Record<string, unknown>;
      }
    >;
    const push = (channel: Client) => {
      const bytes = definition.PushUsage.requestSerialize({ records: records() });
      const metadata = new Metadata();
      const { keyId, privateKeyPem } = credential;
      const headers = signedHeaders(privateKeyPem, { method: 'POST', path: PUSH, body: bytes, clusterId, keyId });
      for (const [k, v] of Object.entries(headers)) metadata.set(k, v);
      return new Promise<{ error: ServiceError | null; response?: Record<string, unknown> }>((resolve) => {
        channel.makeUnaryRequest(
          PUSH,
          (b: Buffer) => b,
          definition.PushUsage.responseDeserialize,
          bytes,
          metadata,
          { deadline: Date.now() + 10_000 },
          (error, response) => resolve({ error, response }),
        );
      });
    };
    const trusting = new Client(grpcTarget, credentials.createSsl(fs.readFileSync(certs.caFile)));
    const systemRoots = new Client(grpcTarget, credentials.createSsl());
    const plain = new Client(grpcTarget, credentials.createInsecure());
    clients.push(trusting, systemRoots, plain);
    const ok = await push(trusting);
    expect(ok.error).toBeNull();
    expect(ok.response).toMatchObject({ accepted: 1 });
    expect((await push(systemRoots)).error?.code).toBe(status.UNAVAILABLE);
    expect((await push(plain)).error?.code).toBe(status.UNAVAILABLE);
  });
});
