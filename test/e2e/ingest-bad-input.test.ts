import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { signedHeaders, type AgentCredential } from '@park/agent-auth';
import { ClickHouseService } from '@park/clickhouse';
import { PrismaService, Prisma } from '@park/db';
import { createLogger } from '@park/logging';
import { createApp } from '@park/platform';
import { malformedCorpus, testWorld, wireRecord, type TestWorld } from '@park/usage-domain';
import { seedSimulatedPark } from '@park/park-seed';
import { createPark } from '@park/usage-domain';
import { PARK_APP } from '../../apps/park/src/park.app';
import { pushBatch, waitFor } from '../support/agent-client';
import { testConfig, uniqueId } from '../support/test-config';

const PATH = '/v1/usage/batches';

describe('ingestion: bad input gets a clear reason, never a 5xx, and good records beside it are kept', () => {
  let app: INestApplication;
  let server: Server;
  let world: TestWorld;
  let credential: AgentCredential;
  let ch: ClickHouseService;

  beforeAll(async () => {
    app = await createApp(
      testConfig(),
      createLogger({ app: 'test', level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      PARK_APP,
    );
    await app.init();
    server = app.getHttpServer();
    const prisma = app.get(PrismaService).client;
    const park = createPark(3, { tenants: 4, clusters: 2, prefix: uniqueId('bad') });
    const seeded = await seedSimulatedPark(prisma, park);
    const clusterId = park.clusters[0].id;
    const bound = [...park.bindings.get(clusterId)!];
    const unbound = park.tenants.find((t) => !bound.includes(t.id))!;
    // the corpus also uses a SKU billed per device-less node-second and one not measured in time
    for (const [code, baseUnit, scales] of [
      ['dev.box', 'node_second', false],
      ['net.egress', 'gb', false],
    ] as const) {
      await prisma.sku.upsert({
        where: { code },
        create: {
          code,
          name: code,
          resourceClass: code === 'dev.box' ? 'general' : 'network',
          baseUnit,
          billingUnit: baseUnit,
          unitsPerBillingUnit: new Prisma.Decimal(1),
          scalesWithDevices: scales,
        },
        update: {},
      });
    }
    world = testWorld({ clusterId, tenantId: bound[0], unboundTenantId: unbound.id, now: Date.now() });
    credential = seeded.credentials.get(clusterId)!;
    ch = app.get(ClickHouseService);
  });

  afterAll(() => app?.close());

  it('answers every malformed record with its reason code and keeps the good ones beside them', async () => {
    const cases = malformedCorpus(world).filter((c) => c.jsonSafe);
    expect(cases.length).toBeGreaterThan(60);
    const good = (n: number) => wireRecord(world, { event_id: `good-${uniqueId()}-${n}` }, n);
    const records = [good(1), ...cases.map((c) => c.record), good(2)];
    const res = await pushBatch(server, world.clusterId, credential, records);
    expect(res.status).toBe(200);
    const mismatches = cases
      .map((c, i) => ({ name: c.name, expected: c.expected, got: res.body.results[i + 1] }))
      .filter((m) => m.got.status !== 'rejected' || m.got.reason_code !== m.expected || !m.got.message);
    expect(mismatches).toEqual([]);
    expect(res.body.accepted).toBe(2);
    expect(res.body.results[0].status).toBe('accepted');
    expect(res.body.results[records.length - 1].status).toBe('accepted');

    // rejected records are kept in ClickHouse, queryable by cluster and reason
    const stored = await waitFor(
      'rejections stored',
      async () => {
        const rows = await (
          await ch.client.query({
            query:
              `SELECT reason_code, count() AS n FROM ${ch.database}.usage_rejected FINAL WHERE cluster_id = ` +
              `{c:String} GROUP BY reason_code`,
            query_params: { c: world.clusterId },
            format: 'JSONEachRow',
          })
        ).json<{ reason_code: string; n: string }>();
        return rows.reduce((sum, r) => sum + Number(r.n), 0);
      },
      (n) => n >= cases.length,
    );
    expect(stored).toBe(cases.length);
  });

  it('refuses unusable requests with a reason and no 5xx', async () => {
    const body = (records: unknown) => Buffer.from(JSON.stringify({ records }));
    const signed = (b: Buffer, extra: Partial<{ path: string; now: number; keyId: string; clusterId: string }> = {}) =>
      signedHeaders(credential.privateKeyPem, {
        method: 'POST',
        path: extra.path ?? PATH,
        body: b,
        clusterId: extra.clusterId ?? world.clusterId,
        keyId: extra.keyId ?? credential.keyId,
        now: extra.now,
      });
    const send = (b: Buffer | string, headers: Record<string, string>) =>
      // serialize() as identity: the exact bytes go on the wire, invalid UTF-8 included
      request(server)
        .post(PATH)
        .set(headers)
        .set('content-type', 'application/json')
        .serialize((x: unknown) => x as string)
        .send(b as unknown as string);

    const ok = body([wireRecord(world, { event_id: `ok-${uniqueId()}` })]);
    const cases: { name: string; res: () => Promise<request.Response>; status: number; code: string }[] = [
      { name: 'no signature', res: () => send(ok, {}), status: 401, code: 'MISSING_SIGNATURE' },
      {
        name: 'bad signature',
        res: () => send(ok, { ...signed(ok), 'x-park-signature': Buffer.alloc(64, 7).toString('base64') }),
        status: 401,
        code: 'BAD_SIGNATURE',
      },
      { name: 'body changed after signing', res: () => send(body([]), signed(ok)), status: 401, code: 'BAD_SIGNATURE' },
      {
        name: 'stale timestamp',
        res: () => send(ok, signed(ok, { now: Date.now() - 3_600_000 })),
        status: 401,
        code: 'STALE_REQUEST',
      },
      {
        name: 'unknown key',
        res: () => send(ok, signed(ok, { keyId: 'ak_000000000000000000000000' })),
        status: 401,
        code: 'UNKNOWN_KEY',
      },
      {
        name: 'another cluster',
        res: () => send(ok, signed(ok, { clusterId: 'not-this-one' })),
        status: 401,
        code: 'CLUSTER_MISMATCH',
      },
      {
        name: 'malformed JSON',
        res: () => {
          const b = Buffer.from('{"records": [ {"event_id": ');
          return send(b, signed(b));
        },
        status: 400,
        code: 'MALFORMED_JSON',
      },
      {
        name: 'invalid UTF-8',
        res: () => {
          const b = Buffer.concat([Buffer.from('{"records":["'), Buffer.from([0xc3, 0x28]), Buffer.from('"]}')]);
          return send(b, signed(b));
        },
        status: 400,
        code: 'INVALID_UTF8',
      },
      {
        name: 'records not a list',
        res: () => {
          const b = Buffer.from('{"records":{"a":1}}');
          return send(b, signed(b));
        },
        status: 400,
        code: 'BATCH_NOT_A_LIST',
      },
      {
        name: 'too many records',
        res: () => {
          const b = body(Array.from({ length: 5_001 }, () => ({})));
          return send(b, signed(b));
        },
        status: 400,
        code: 'BATCH_TOO_MANY_RECORDS',
      },
      {
        name: 'batch over 4 MiB',
        res: () => {
          const b = body([{ pad: 'x'.repeat(4_300_000) }]);
          return send(b, signed(b));
        },
        status: 400,
        code: 'BATCH_TOO_LARGE',
      },
      {
        name: 'body over 8 MiB',
        res: () => {
          const b = body([{ pad: 'x'.repeat(9_000_000) }]);
          return send(b, signed(b));
        },
        status: 413,
        code: 'BODY_TOO_LARGE',
      },
    ];
    for (const c of cases) {
      const res = await c.res();
      expect({ name: c.name, status: res.status, code: res.body?.error?.code }).toEqual({
        name: c.name,
        status: c.status,
        code: c.code,
      });
      expect(res.body.error.message).toEqual(expect.any(String));
    }

    // a replayed request (same nonce) is refused; the original went through
    const headers = signed(ok);
    expect((await send(ok, headers)).status).toBe(200);
    const replay = await send(ok, headers);
    expect({ status: replay.status, code: replay.body.error?.code }).toEqual({ status: 401, code: 'REPLAYED_REQUEST' });

    // the gateway is still serving
    await request(server).get('/health').expect(200);
  });
});
