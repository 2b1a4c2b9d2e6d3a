import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ConsoleWebModule } from '@park/console-web';
import { PrismaService } from '@park/db';
import { createLogger } from '@park/logging';
import { createApp } from '@park/platform';
import { testConfig, uniqueId } from '../support/test-config';

const build = async (overrides: Record<string, string> = {}) => {
  const app = await createApp(testConfig(overrides), createLogger({ app: 'test', level: 'silent' }), {
    app: 'billing-api',
    dependencies: ['postgres'],
    features: [ConsoleWebModule],
  });
  await app.init();
  return app;
};

/** libs/console-web: how the browser signs in, and the development sign-in that production refuses. */
describe('console web: config and development sign-in', () => {
  let dev: INestApplication;
  let production: INestApplication;
  let tenantId: string;

  beforeAll(async () => {
    [dev, production] = await Promise.all([
      build(),
      build({
        PARK_MODE: 'production',
        AUTH_ISSUER: 'https://sso.example.cn/realms/park',
        CONSOLE_OIDC_CLIENT_ID: 'console-prod',
        PARK_SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
        // the test process has no ClickHouse server: production may use the embedded engine only when told so
        CLICKHOUSE_EMBEDDED_IN_PRODUCTION: '1',
      }),
    ]);
    tenantId = uniqueId('demo-');
    await dev.get(PrismaService).client.tenant.create({ data: { id: tenantId, name: '演示企业', isDemo: true } });
  });
  afterAll(async () => {
    await dev?.get(PrismaService).client.tenant.delete({ where: { id: tenantId } });
    await Promise.all([dev?.close(), production?.close()]);
  });

  it('tells the browser to use the development sign-in locally and the OIDC issuer in production', async () => {
    await request(dev.getHttpServer()).get('/console/config.json').expect(200, { signIn: 'development' });
    const prod = await request(production.getHttpServer()).get('/console/config.json').expect(200);
    expect(prod.body).toEqual({
      signIn: 'oidc',
      issuer: 'https://sso.example.cn/realms/park',
      clientId: 'console-prod',
      scope: 'openid profile',
    });
  });

  it("mints a local token naming a demo tenant's user, and lists the demo tenants", async () => {
    const server = dev.getHttpServer();
    const signedIn = await request(server)
      .post('/v1/dev/sign-in')
      .send({ role: 'tenant-viewer', tenantId })
      .expect(200);
    expect(signedIn.body.user).toMatchObject({ role: 'tenant-viewer', tenantId });
    const payload = JSON.parse(Buffer.from(signedIn.body.token.split('.')[1], 'base64url').toString()) as object;
    expect(payload).toMatchObject({ park_role: 'tenant-viewer', park_tenant: tenantId });
    const directory = await request(server).get('/v1/dev/demo-users').expect(200);
    expect(directory.body.tenants).toContainEqual({ id: tenantId, name: '演示企业' });
  });

  it('names what is wrong with a sign-in request', async () => {
    const server = dev.getHttpServer();
    const agent = await request(server).post('/v1/dev/sign-in').send({ role: 'cluster-agent' }).expect(400);
    expect(agent.body.error).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/^role: must be one of/),
    });
    const stranger = await request(server)
      .post('/v1/dev/sign-in')
      .send({ role: 'tenant-admin', tenantId: 'no-such' })
      .expect(400);
    expect(stranger.body.error.message).toBe('tenantId: no-such is not a demo tenant');
  });

  it('refuses the development sign-in in production with 404, like the local key', async () => {
    const server = production.getHttpServer();
    await request(server).post('/v1/dev/sign-in').send({ role: 'operator-admin' }).expect(404);
    await request(server).get('/v1/dev/demo-users').expect(404);
  });
});
