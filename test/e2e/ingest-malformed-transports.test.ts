import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { AgentCredential } from '@park/agent-auth';
import { PrismaService, Prisma } from '@park/db';
import { createLogger } from '@park/logging';
import { seedSimulatedPark } from '@park/park-seed';
import { createApp } from '@park/platform';
import { createPark, malformedCorpus, testWorld, wireRecord, type TestWorld } from '@park/usage-domain';
import { PARK_APP } from '../../apps/park/src/park.app';
import { freePort } from '../../bench/bench-support';
import { grpcAgent, httpAgent, type AgentAnswer } from '../support/agent-transports';
import { testConfig, uniqueId } from '../support/test-config';

/** What both transports must agree on: ok, or refused with which code (bodies differ in shape, not in meaning). */
const gist = (a: AgentAnswer) =>
  a.kind === 'ok' ? 'ok' : a.kind === 'server-error' ? `SERVER ERROR ${a.detail}` : `${a.kind} ${a.code}`;
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * Issue 11 item 4 (ingest): malformed pushes, manifests and status questions, each asked over HTTPS and over gRPC.
 * No answer is a 5xx (gRPC: no UNKNOWN / INTERNAL), and both transports give the same answer to the same input.
 */
describe('the agent API answers malformed input alike over HTTPS and gRPC, never with a server error', () => {
  let app: INestApplication;
  let http: ReturnType<typeof httpAgent>;
  let grpc: ReturnType<typeof grpcAgent>;
  let world: TestWorld;

  beforeAll(async () => {
    const port = await freePort();
    app = await createApp(
      testConfig({ GRPC_PORT: String(port), HOST: '127.0.0.1' }),
      createLogger({ app: 'test', level: 'silent' }),
      PARK_APP,
    );
    await app.startAllMicroservices();
    await app.init();
    const prisma = app.get(PrismaService).client;
    const park = createPark(7, { tenants: 4, clusters: 2, prefix: uniqueId('mal') });
    const seeded = await seedSimulatedPark(prisma, park);
    const clusterId = park.clusters[0].id;
    const bound = [...park.bindings.get(clusterId)!];
    // the record corpus also uses a device-less SKU and one not measured in time (as ingest-bad-input.test.ts)
    for (const [code, baseUnit] of [
      ['dev.box', 'node_second'],
      ['net.egress', 'gb'],
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
          scalesWithDevices: false,
        },
        update: {},
      });
    }
    world = testWorld({
      clusterId,
      tenantId: bound[0],
      unboundTenantId: park.tenants.find((t) => !bound.includes(t.id))!.id,
      now: Date.now(),
    });
    const credential: AgentCredential = seeded.credentials.get(clusterId)!;
    http = httpAgent(app.getHttpServer(), clusterId, credential);
    grpc = grpcAgent(`127.0.0.1:${port}`, clusterId, credential);
  });

  afterAll(async () => {
    grpc?.client.close();
    await app?.close();
  });

  it('status: every bad day is BAD_DAY on both transports, checked before any default is computed', async () => {
    const cases: { name: string; from?: string; to?: string; expected: string }[] = [
      { name: 'month 13, day 45', to: '2026-13-45', expected: 'invalid BAD_DAY' },
      { name: 'not a day', to: 'yesterday', expected: 'invalid BAD_DAY' },
      { name: 'February 30th', from: '2026-02-30', expected: 'invalid BAD_DAY' },
      { name: "past ClickHouse's Date range", to: '9999-12-31', expected: 'invalid BAD_DAY' },
      { name: 'before 1970', to: '1969-12-31', expected: 'invalid BAD_DAY' },
      { name: 'from after to', from: day(-1), to: day(-3), expected: 'invalid BAD_DAY' },
      { name: 'more than 31 days', from: day(-40), to: day(0), expected: 'invalid BAD_DAY' },
      { name: 'a NUL byte', to: '2026-11-0\u0000', expected: 'invalid BAD_DAY' },
      { name: 'a 5,000-character day', to: '2'.repeat(5_000), expected: 'invalid BAD_DAY' },
      { name: 'defaults', expected: 'ok' },
      { name: 'a 31-day window', from: day(-30), to: day(0), expected: 'ok' },
    ];
    const got = [];
    for (const c of cases) {
      const query = new URLSearchParams({
        ...(c.from ? { from_day: c.from } : {}),
        ...(c.to ? { to_day: c.to } : {}),
      }).toString();
      const overHttp = await http.answer('GET', `/v1/ingestion/status${query ? `?${query}` : ''}`);
      const overGrpc = await grpc.answer('GetIngestionStatus', { from_day: c.from ?? '', to_day: c.to ?? '' });
      got.push({ name: c.name, http: gist(overHttp), grpc: gist(overGrpc) });
    }
    expect(got).toEqual(cases.map((c) => ({ name: c.name, http: c.expected, grpc: c.expected })));

    // HTTPS only: a repeated parameter arrives as a list
    const repeated = await http.answer('GET', `/v1/ingestion/status?to_day=${day(0)}&to_day=${day(-1)}`);
    expect(gist(repeated)).toBe('invalid BAD_DAY');
    expect(repeated.message).toMatch(/once/);
  });

  it('manifests: the same refusal, reason code and all, on both transports', async () => {
    const good = {
      cluster_id: world.clusterId,
      day: day(-1),
      record_count: 3,
      lines: [{ tenant_id: world.tenantId, sku: 'gpu.h100-80g', record_count: 3, quantity: '3600' }],
    };
    const line = good.lines[0];
    const cases: { name: string; manifest: Record<string, unknown>; expected: string }[] = [
      {
        name: "a day past ClickHouse's Date range",
        manifest: { ...good, day: '9999-12-31' },
        expected: 'invalid BAD_DAY',
      },
      { name: 'the first day past the range', manifest: { ...good, day: '2149-06-07' }, expected: 'invalid BAD_DAY' },
      { name: 'February 30th', manifest: { ...good, day: '2026-02-30' }, expected: 'invalid BAD_DAY' },
      { name: 'no day', manifest: { ...good, day: '' }, expected: 'invalid MISSING_FIELD' },
      {
        name: 'another cluster',
        manifest: { ...good, cluster_id: `${world.clusterId}-x` },
        expected: 'invalid CLUSTER_MISMATCH',
      },
      {
        name: 'counts that do not add up',
        manifest: { ...good, record_count: 4 },
        expected: 'invalid MANIFEST_INCONSISTENT',
      },
      {
        name: 'a line twice',
        manifest: { ...good, record_count: 6, lines: [line, line] },
        expected: 'invalid DUPLICATE_LINE',
      },
      {
        name: 'a line of 0 records',
        manifest: { ...good, record_count: 0, lines: [{ ...line, record_count: 0 }] },
        expected: 'invalid BAD_COUNT',
      },
      {
        name: 'a negative quantity',
        manifest: { ...good, lines: [{ ...line, quantity: '-1' }] },
        expected: 'invalid QUANTITY_NOT_POSITIVE',
      },
      {
        name: 'a NUL in a tenant id',
        manifest: { ...good, lines: [{ ...line, tenant_id: 'a\u0000b' }] },
        expected: 'invalid BAD_ID',
      },
      {
        name: '10,001 lines',
        manifest: {
          ...good,
          record_count: 10_001,
          lines: Array.from({ length: 10_001 }, (_, i) => ({ ...line, tenant_id: `t-${i}`, record_count: 1 })),
        },
        expected: 'invalid MANIFEST_TOO_LARGE',
      },
      { name: 'a good manifest', manifest: good, expected: 'ok' },
    ];
    const got = [];
    for (const c of cases) {
      const overHttp = await http.answer(
        'POST',
        '/v1/manifests',
        Buffer.from(JSON.stringify({ manifest: c.manifest })),
      );
      const overGrpc = await grpc.answer('PushManifest', { manifest: c.manifest });
      got.push({ name: c.name, http: gist(overHttp), grpc: gist(overGrpc) });
    }
    expect(got).toEqual(cases.map((c) => ({ name: c.name, http: c.expected, grpc: c.expected })));
    // the wrapped day was not stored over the real 2149-06-06
    const status = await http.answer('GET', '/v1/ingestion/status?from_day=2149-06-01&to_day=2149-06-06');
    expect(status).toMatchObject({ kind: 'ok', body: { days: [] } });

    // the largest manifest allowed, nothing counted for it: the status lists 100 differences and counts the rest
    const big = {
      ...good,
      day: day(-2),
      record_count: 10_000,
      lines: Array.from({ length: 10_000 }, (_, i) => ({ ...line, tenant_id: `t-${i}`, record_count: 1 })),
    };
    expect(gist(await grpc.answer('PushManifest', { manifest: big }))).toBe('ok');
    const query = { from_day: big.day, to_day: big.day };
    const bigOverHttp = await http.answer('GET', `/v1/ingestion/status?${new URLSearchParams(query).toString()}`);
    const bigOverGrpc = await grpc.answer('GetIngestionStatus', query);
    for (const answer of [bigOverHttp, bigOverGrpc]) {
      expect(answer.kind).toBe('ok');
      const days = (answer as { body: Record<string, unknown> }).body.days as {
        differences: unknown[];
        differences_omitted: number;
      }[];
      expect(days.map((d) => [d.differences.length, d.differences_omitted])).toEqual([[100, 10_000 + 1 - 100]]);
    }

    // HTTPS only: bodies no protobuf message can be; each gets a 4xx with a code
    const odd: [string, string, string?][] = [
      ['null', 'null'],
      ['a list', '[]'],
      ['a string manifest', '{"manifest":"x"}'],
      ['wrong types', '{"manifest":{"day":20261101,"record_count":"1","lines":{}}}'],
      ['not JSON', '{"manifest":'],
      ['text/plain', 'day=2026-11-01', 'text/plain'],
      ['empty', ''],
    ];
    for (const [name, body, type] of odd) {
      const answer = await http.answer('POST', '/v1/manifests', Buffer.from(body), type);
      expect({ name, kind: answer.kind, code: answer.kind === 'invalid' ? typeof answer.code : answer }).toEqual({
        name,
        kind: 'invalid',
        code: 'string',
      });
    }
  });

  it('pushes: every malformed record gets the same reason on both transports, and bad requests no 5xx', async () => {
    const cases = malformedCorpus(world).filter((c) => c.protobufSafe && c.jsonSafe);
    expect(cases.length).toBeGreaterThan(40);
    const records = [wireRecord(world, { event_id: `ok-${uniqueId()}` }), ...cases.map((c) => c.record)];
    const overHttp = await http.answer('POST', '/v1/usage/batches', Buffer.from(JSON.stringify({ records })));
    const overGrpc = await grpc.answer('PushUsage', { records });
    const perRecord = (a: AgentAnswer) =>
      a.kind === 'ok'
        ? (a.body.results as { status: string; reason_code?: string }[]).map((r) =>
            `${r.status.replace('RECORD_STATUS_', '').toLowerCase()} ${r.reason_code ?? ''}`.trim(),
          )
        : gist(a);
    expect(perRecord(overGrpc)).toEqual(perRecord(overHttp));
    expect(perRecord(overHttp)).toEqual(['accepted', ...cases.map((c) => `rejected ${c.expected}`)]);

    // whole requests that are unusable: the same refusal where both transports can express them
    expect(gist(await http.answer('POST', '/v1/usage/batches', Buffer.from('{}')))).toBe('invalid BATCH_NOT_A_LIST');
    expect(gist(await grpc.answer('PushUsage', {}))).toBe('invalid BATCH_NOT_A_LIST');
    const tooMany = { records: Array.from({ length: 5_001 }, (_, i) => wireRecord(world, { event_id: `many-${i}` })) };
    expect(gist(await http.answer('POST', '/v1/usage/batches', Buffer.from(JSON.stringify(tooMany))))).toBe(
      'invalid BATCH_TOO_MANY_RECORDS',
    );
    expect(gist(await grpc.answer('PushUsage', tooMany))).toBe('invalid BATCH_TOO_MANY_RECORDS');
    const bytes = grpc.serialize('PushUsage', { records: [wireRecord(world)] });
    expect(gist(await grpc.answer('PushUsage', bytes.subarray(0, bytes.length - 5)))).toBe(
      'invalid MALFORMED_PROTOBUF',
    );
    expect(gist(await grpc.answer('PushUsage', Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f])))).toBe(
      'invalid MALFORMED_PROTOBUF',
    );
    // headers and key are checked before the body is read: an unsigned 9 MB body is refused as unsigned, unread
    const unsigned = await request(app.getHttpServer())
      .post('/v1/usage/batches')
      .set('content-type', 'application/json')
      .send('x'.repeat(9_000_000));
    expect({ status: unsigned.status, code: unsigned.body.error?.code }).toEqual({
      status: 401,
      code: 'MISSING_SIGNATURE',
    });
    for (const [body, type] of [
      ['null'],
      ['[]'],
      ['{"records":null}'],
      ['{"records":"x"}'],
      ['"records"'],
      ['{"records":', 'application/json'],
      ['records', 'text/plain'],
    ]) {
      const answer = await http.answer('POST', '/v1/usage/batches', Buffer.from(body!), type);
      expect({ body, kind: answer.kind }).toEqual({ body, kind: 'invalid' });
    }
  });
});
