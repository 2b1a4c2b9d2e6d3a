import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { FORBIDDEN_BODY, UNAUTHENTICATED_BODY } from '@park/auth';
import { createLogger } from '@park/logging';
import { createApp } from '@park/platform';
import { QUEUES } from '@park/queue';
import { QueueDashboardModule } from '../../apps/billing-api/src/queue-dashboard/queue-dashboard.module';
import { bearer, OPERATOR_ADMIN, OPERATOR_FINANCE, type Caller } from '../support/auth-tokens';
import { testConfig } from '../support/test-config';

/** The queue dashboard (issue 14 item 6): bull-board at /admin/queues, operators only, reached by bearer or cookie. */
describe('queue dashboard at /admin/queues', () => {
  const config = testConfig();
  let app: INestApplication;
  let server: Server;
  const TENANT: Caller = { role: 'tenant-admin', tenantId: 'tenant-dash' };
  const AUDITOR: Caller = { role: 'bureau-auditor', bureauId: 'bureau-dash' };
  const AGENT: Caller = { role: 'cluster-agent', clusterId: 'cluster-dash' };

  beforeAll(async () => {
    app = await createApp(config, createLogger({ app: 'test', level: 'silent' }), {
      app: 'dashboard-test',
      dependencies: ['redis'],
      features: [QueueDashboardModule],
    });
    await app.init();
    server = app.getHttpServer() as Server;
  });

  afterAll(async () => {
    await app?.close();
  });

  /** The dashboard cookie (name=value) set by an operator's session call. */
  async function sessionCookie(caller: Caller): Promise<string> {
    const answer = await request(server)
      .post('/v1/admin/queue-dashboard/session')
      .set(await bearer(app, caller))
      .expect(201);
    expect(answer.body).toEqual({ path: '/admin/queues/', expiresAt: expect.any(String) });
    const setCookie = answer.headers['set-cookie'] as unknown as string[];
    expect(setCookie).toHaveLength(1);
    expect(setCookie[0]).toMatch(/^park_queue_dashboard=[\w-]+\.[\w-]+; Path=\/admin\/queues; Max-Age=900; /);
    expect(setCookie[0]).toContain('HttpOnly');
    expect(setCookie[0]).toContain('SameSite=Strict');
    return setCookie[0].split(';')[0];
  }

  it('refuses an anonymous caller and a forged or foreign cookie with 401', async () => {
    for (const path of ['/admin/queues', '/admin/queues/', '/admin/queues/api/queues', '/admin/queues/static/x.js'])
      expect((await request(server).get(path).expect(401)).body).toEqual(UNAUTHENTICATED_BODY);
    await request(server).get('/admin/queues/api/queues').set('cookie', 'park_queue_dashboard=abc.def').expect(401);
    const bad = { authorization: 'Bearer not-a-token' };
    await request(server).get('/admin/queues/api/queues').set(bad).expect(401);
    await request(server).post('/v1/admin/queue-dashboard/session').expect(401);
  });

  it("refuses a tenant's, an auditor's and an agent's token with 403, and gives them no session", async () => {
    for (const caller of [TENANT, AUDITOR, AGENT]) {
      const answer = await request(server)
        .get('/admin/queues/api/queues')
        .set(await bearer(app, caller))
        .expect(403);
      expect(answer.body).toEqual(FORBIDDEN_BODY);
      await request(server)
        .post('/v1/admin/queue-dashboard/session')
        .set(await bearer(app, caller))
        .expect(403);
    }
  });

  it("serves the board and every queue to an operator's token", async () => {
    const auth = await bearer(app, OPERATOR_ADMIN);
    const page = await request(server).get('/admin/queues/').set(auth).expect(200);
    expect(page.text).toContain('<title>park queues</title>');
    const answer = await request(server).get('/admin/queues/api/queues').set(auth).expect(200);
    const names = (answer.body as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(Object.values(QUEUES).sort());
  });

  it('opens the board in a browser with the cookie; operator-finance looks, operator-admin also acts', async () => {
    const finance = await sessionCookie(OPERATOR_FINANCE);
    await request(server).get('/admin/queues/').set('cookie', finance).expect(200);
    await request(server).get('/admin/queues/api/queues').set('cookie', `other=1; ${finance}`).expect(200);
    const retry = `/admin/queues/api/queues/${QUEUES.system}/retry/failed`;
    expect((await request(server).put(retry).set('cookie', finance).expect(403)).body).toEqual(FORBIDDEN_BODY);
    const admin = await sessionCookie(OPERATOR_ADMIN);
    await request(server).put(retry).set('cookie', admin).expect(200);
    // a cookie whose payload was changed is refused
    const [name, value] = finance.split('=');
    const [payload, signature] = value.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'operator-admin' })).toString('base64url');
    await request(server).put(retry).set('cookie', `${name}=${forged}.${signature}`).expect(401);
  });
});
