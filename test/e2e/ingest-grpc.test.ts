import type { INestApplication } from '@nestjs/common';
import { Client, credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { signedHeaders, type AgentCredential } from '@park/agent-auth';
import { loadIngestPackage } from '@park/ingest';
import { createLogger } from '@park/logging';
import { seedSimulatedPark } from '@park/park-seed';
import { createApp } from '@park/platform';
import { createPark, testWorld, wireRecord } from '@park/usage-domain';
import { PrismaService } from '@park/db';
import { PARK_APP } from '../../apps/park/src/park.app';
import { testConfig, uniqueId } from '../support/test-config';
import { freePort } from '../../bench/bench-support';

const METHOD = '/park.ingest.v1.IngestService/PushUsage';

describe('ingestion over gRPC', () => {
  let app: INestApplication;
  let client: Client;
  let credential: AgentCredential;
  let clusterId: string;
  let tenantId: string;
  const definition = loadIngestPackage();
  const pushUsage = (
    definition['park.ingest.v1.IngestService'] as unknown as Record<
      string,
      {
        requestSerialize: (v: object) => Buffer;
        responseDeserialize: (b: Buffer) => Record<string, unknown>;
      }
    >
  ).PushUsage;

  /** Sends these exact bytes, signed, as a cluster agent would. */
  const call = (bytes: Buffer, sign = bytes) =>
    new Promise<{ error: ServiceError | null; response?: Record<string, unknown> }>((resolve) => {
      const metadata = new Metadata();
      const headers = signedHeaders(credential.privateKeyPem, {
        method: 'POST',
        path: METHOD,
        body: sign,
        clusterId,
        keyId: credential.keyId,
      });
      for (const [k, v] of Object.entries(headers)) metadata.set(k, v);
      client.makeUnaryRequest(
        METHOD,
        (b: Buffer) => b,
        pushUsage.responseDeserialize,
        bytes,
        metadata,
        (error, response) => resolve({ error, response }),
      );
    });

  beforeAll(async () => {
    const port = await freePort();
    app = await createApp(
      testConfig({ GRPC_PORT: String(port), HOST: '127.0.0.1' }),
      createLogger({ app: 'test', level: 'silent' }),
      PARK_APP,
    );
    await app.startAllMicroservices();
    await app.init();
    const park = createPark(5, { tenants: 3, clusters: 2, prefix: uniqueId('grpc') });
    const seeded = await seedSimulatedPark(app.get(PrismaService).client, park);
    clusterId = park.clusters[0].id;
    tenantId = [...park.bindings.get(clusterId)!][0];
    credential = seeded.credentials.get(clusterId)!;
    client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  });

  afterAll(async () => {
    client?.close();
    await app?.close();
  });

  it('accepts good records and rejects bad ones per record, signed over the exact bytes', async () => {
    const world = testWorld({ clusterId, tenantId, now: Date.now() });
    const records = [
      wireRecord(world, { event_id: `g-${uniqueId()}` }),
      wireRecord(world, { event_id: `b-${uniqueId()}`, quantity: '-5' }),
    ];
    const { error, response } = await call(pushUsage.requestSerialize({ batch_id: 'b1', records }));
    expect(error).toBeNull();
    expect(response).toMatchObject({ batch_id: 'b1', accepted: 1, rejected: 1 });
    const results = response!.results as { status: string; reason_code?: string }[];
    expect(results.map((r) => r.status)).toEqual(['RECORD_STATUS_ACCEPTED', 'RECORD_STATUS_REJECTED']);
    expect(results[1].reason_code).toBe('QUANTITY_NOT_POSITIVE');
  });

  it('answers a truncated protobuf with INVALID_ARGUMENT and a reason, a bad signature UNAUTHENTICATED', async () => {
    const world = testWorld({ clusterId, tenantId, now: Date.now() });
    const bytes = pushUsage.requestSerialize({ records: [wireRecord(world, { event_id: `t-${uniqueId()}` })] });
    const truncated = bytes.subarray(0, bytes.length - 7);
    const cut = await call(truncated);
    expect(cut.error?.code).toBe(status.INVALID_ARGUMENT);
    expect(cut.error?.details).toMatch(/^MALFORMED_PROTOBUF/);

    const forged = await call(bytes, Buffer.from('something else'));
    expect(forged.error?.code).toBe(status.UNAUTHENTICATED);
    expect(forged.error?.details).toMatch(/^BAD_SIGNATURE/);
  });
});
