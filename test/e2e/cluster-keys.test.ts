import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createLogger } from '@park/logging';
import { createApp } from '@park/platform';
import { PrismaService } from '@park/db';
import { testWorld, wireRecord } from '@park/usage-domain';
import { seedCatalogue } from '@park/park-seed';
import { PARK_APP } from '../../apps/park/src/park.app';
import { pushBatch, waitFor } from '../support/agent-client';
import { OPERATOR_ADMIN, httpAs } from '../support/auth-tokens';
import { testConfig, uniqueId } from '../support/test-config';

describe('the operator registers a cluster, binds tenants and rotates its agent keys', () => {
  let app: INestApplication;
  let server: Server;
  let admin: Awaited<ReturnType<typeof httpAs>>;

  beforeAll(async () => {
    app = await createApp(testConfig(), createLogger({ app: 'test', level: 'silent' }), PARK_APP);
    await app.init();
    server = app.getHttpServer();
    admin = await httpAs(app, OPERATOR_ADMIN);
    await seedCatalogue(app.get(PrismaService).client);
  });
  afterAll(() => app?.close());

  it('accepts pushes signed with a current key and refuses a retired one', async () => {
    const clusterId = uniqueId('cl-');
    const tenantId = uniqueId('tn-');
    await app.get(PrismaService).client.tenant.create({ data: { id: tenantId, name: '测试租户' } });

    // operator-only: without a token, or as another role, nothing is registered
    await request(server).post('/v1/clusters').send({ id: clusterId, name: 'H100 训练集群' }).expect(401);
    await (
      await httpAs(app, { role: 'operator-finance' })
    )
      .post('/v1/clusters')
      .send({ id: clusterId, name: 'H100 训练集群' })
      .expect(403);
    await admin.post('/v1/clusters').send({ id: clusterId, name: 'H100 训练集群' }).expect(201);
    await admin.post('/v1/clusters').send({ id: clusterId, name: 'again' }).expect(409);
    expect((await admin.post('/v1/clusters').send({ id: '', name: '' }).expect(400)).body.error.message).toMatch(
      /id: .*name: /,
    );
    await admin.post(`/v1/clusters/${clusterId}/tenants/${tenantId}`).expect(204);
    await admin.post(`/v1/clusters/${clusterId}/tenants/no-such-tenant`).expect(404);

    const first = (await admin.post(`/v1/clusters/${clusterId}/keys`).expect(201)).body;
    expect(first.privateKeyPem).toContain('PRIVATE KEY');
    const world = testWorld({ clusterId, tenantId, now: Date.now() });
    const push = (key: { keyId: string; privateKeyPem: string }) =>
      pushBatch(server, clusterId, { ...key, fingerprint: '', publicKeyPem: '' }, [
        wireRecord(world, { event_id: uniqueId('ev-') }),
      ]);
    const lastPush = async () => (await admin.get(`/v1/clusters/${clusterId}`).expect(200)).body.lastPushAt;
    expect(await lastPush()).toBeNull(); // registered, never pushed
    const beforePush = new Date(Date.now() - 1).toISOString();
    expect((await push(first)).body).toMatchObject({ accepted: 1 });
    // its last push is written behind the answer (never slowing a push): the time the push was received
    const pushedAt = await waitFor('the last push time', lastPush, (at) => at !== null);
    expect(pushedAt >= beforePush && pushedAt <= new Date().toISOString()).toBe(true);

    // rotation: a second key, then the first retired
    const second = (await admin.post(`/v1/clusters/${clusterId}/keys`).expect(201)).body;
    await admin.post(`/v1/clusters/${clusterId}/keys/${first.keyId}/retire`).expect(201);
    const shown = (await admin.get(`/v1/clusters/${clusterId}`).expect(200)).body;
    expect(shown.tenants).toEqual([tenantId]);
    expect(JSON.stringify(shown)).not.toContain('PRIVATE KEY');
    // the list: status, bound tenants and every key with its dates, no private half; operator-admin only
    const listed = (await admin.get('/v1/clusters').expect(200)).body as {
      id: string;
      status: string;
      tenants: string[];
      keys: { keyId: string; createdAt: string; retiredAt: string | null }[];
    }[];
    const mine = listed.find((c) => c.id === clusterId);
    expect(mine).toMatchObject({ name: 'H100 训练集群', status: 'active', tenants: [tenantId] });
    expect(mine?.keys.map((k) => [k.keyId, k.retiredAt !== null])).toEqual([
      [first.keyId, true],
      [second.keyId, false],
    ]);
    expect(JSON.stringify(listed)).not.toContain('PRIVATE KEY');
    await (await httpAs(app, { role: 'operator-finance' })).get('/v1/clusters').expect(403);
    expect((await push(second)).body).toMatchObject({ accepted: 1 });
    // at once: the retiring instance evicts the key and announces it to the others (agent-key-retirement.test.ts)
    const refused = await push(first);
    expect({ status: refused.status, code: refused.body.error?.code }).toEqual({ status: 401, code: 'KEY_RETIRED' });
    // the list shows it too (a push within the minute after leaves it as it was: written once a minute per cluster)
    const again = (await admin.get('/v1/clusters').expect(200)).body as { id: string; lastPushAt: string | null }[];
    expect(again.find((c) => c.id === clusterId)?.lastPushAt).toBe(pushedAt);
  });
});
