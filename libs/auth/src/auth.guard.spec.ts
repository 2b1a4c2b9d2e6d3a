jest.mock('jose', () =>
  jest.requireActual<typeof import('./testing/native-jose')>('./testing/native-jose').nativeJose(),
);

import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AUTH_UNAVAILABLE_BODY, FORBIDDEN_BODY, NOT_FOUND_BODY, UNAUTHENTICATED_BODY } from './auth.constants';
import { PolicyDeclarationError } from './auth.errors';
import { demoUsers, mintDemoTokens } from './demo-users.fixtures';
import { createLocalTokenMinter } from './local-token.minter';
import { ROLES, type Role } from './principal.types';
import { listRoutes } from './route-table.inspector';
import { localSettings, signRaw } from './testing/auth.fixtures';
import {
  createGuardedApp,
  GUARDED_CONTROLLERS,
  IDS,
  programmeResolver,
  ForgottenController,
} from './testing/guarded.app';
import { makeSigningKey } from './testing/oidc-issuer.server';

type Who = 'anonymous' | Role;
const WHO: readonly Who[] = ['anonymous', ...ROLES];
type Row = readonly [number, number, number, number, number, number, number];

/**
 * The specification: status per caller, in WHO order (anonymous, operator-admin, operator-finance, tenant-admin,
 * tenant-viewer, bureau-auditor, cluster-agent), for the caller's own resource and for another's.
 */
const EXPECTED: Record<string, { own: Row; other?: Row }> = {
  'GET /health': { own: [200, 200, 200, 200, 200, 200, 200] },
  'GET /ops/prices': { own: [401, 200, 200, 403, 403, 403, 403] },
  'POST /ops/periods/close': { own: [401, 403, 201, 403, 403, 403, 403] },
  'GET /tenants/:tenantId/statements': {
    own: [401, 200, 200, 200, 200, 403, 403],
    other: [401, 200, 200, 404, 404, 403, 403],
  },
  'POST /tenants/:tenantId/disputes': {
    own: [401, 403, 403, 201, 403, 403, 403],
    other: [401, 403, 403, 404, 403, 403, 403],
  },
  'GET /programmes/:programmeId': {
    own: [401, 200, 200, 403, 403, 200, 403],
    other: [401, 200, 200, 403, 403, 404, 403],
  },
  'POST /clusters/:clusterId/manifests': {
    own: [401, 403, 403, 403, 403, 403, 201],
    other: [401, 403, 403, 403, 403, 403, 404],
  },
  'POST /clusters/usage': { own: [401, 403, 403, 403, 403, 403, 201] },
  'GET /forgotten': { own: [403, 403, 403, 403, 403, 403, 403] },
};

const REFUSAL_BODIES: Record<number, object> = { 401: UNAUTHENTICATED_BODY, 403: FORBIDDEN_BODY, 404: NOT_FOUND_BODY };
const OTHER_IDS = Object.values(IDS).map((ids) => ids.other);

function concretePath(path: string, variant: 'own' | 'other'): string {
  return path
    .replace(':tenantId', IDS.tenant[variant])
    .replace(':programmeId', IDS.programme[variant])
    .replace(':clusterId', IDS.cluster[variant]);
}

const CASES = Object.entries(EXPECTED).flatMap(([route, rows]) =>
  (['own', 'other'] as const).flatMap((variant) => {
    const row = rows[variant];
    return row ? WHO.map((who, i) => ({ route, variant, who, status: row[i] })) : [];
  }),
);

describe('AuthGuard in a real Nest app (local HS256 tokens)', () => {
  let app: INestApplication;
  let tokens: Record<Role, string>;

  beforeAll(async () => {
    app = await createGuardedApp({
      settings: localSettings(),
      resolvers: { programme: programmeResolver },
      checkRoutesAtBoot: false,
    });
    tokens = await mintDemoTokens(createLocalTokenMinter(localSettings()), {
      tenantId: IDS.tenant.own,
      bureauId: IDS.bureau.own,
      clusterId: IDS.cluster.own,
    });
  });
  afterAll(() => app.close());

  function call(method: string, path: string, who: Who) {
    const agent = request(app.getHttpServer());
    const req = method === 'POST' ? agent.post(path) : agent.get(path);
    return who === 'anonymous' ? req : req.set('Authorization', `Bearer ${tokens[who]}`);
  }

  it('has a row of expectations for every route of the app, and no row for a route it does not have', () => {
    const table = listRoutes(app).map((r) => `${r.method} ${r.path}`);
    expect([...table].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('lists each route with its declaration, under a global prefix if given', () => {
    const close = listRoutes(app, { globalPrefix: '/api/v1/' }).find((r) => r.handler === 'close');
    expect(close).toEqual({
      transport: 'http',
      method: 'POST',
      path: '/api/v1/ops/periods/close',
      controller: 'OpsController',
      handler: 'close',
      access: { kind: 'allow', rules: [{ roles: ['operator-finance'] }] },
    });
  });

  it.each(CASES)('$route ($variant) as $who → $status', async ({ route, variant, who, status }) => {
    const [method, path] = route.split(' ');
    const response = await call(method, concretePath(path, variant), who);
    expect(response.status).toBe(status);
    if (status >= 400) expect(response.body).toEqual(REFUSAL_BODIES[status]);
    if (who !== 'operator-admin' && who !== 'operator-finance') {
      for (const id of OTHER_IDS) expect(response.text).not.toContain(id);
    }
  });

  it('treats a programme that does not exist like one of another bureau', async () => {
    const response = await call('GET', '/programmes/P-NONE', 'bureau-auditor');
    expect(response.status).toBe(404);
    expect(response.body).toEqual(NOT_FOUND_BODY);
  });

  it('hands the verified principal to the handler', async () => {
    expect((await call('POST', '/clusters/usage', 'cluster-agent')).body).toEqual({ clusterId: IDS.cluster.own });
    const users = demoUsers({ tenantId: IDS.tenant.own, bureauId: IDS.bureau.own, clusterId: IDS.cluster.own });
    expect((await call('GET', `/tenants/${IDS.tenant.own}/statements`, 'tenant-viewer')).body).toEqual({
      tenantId: IDS.tenant.own,
      caller: users['tenant-viewer'].subject,
    });
  });

  it('challenges a call without a bearer token', async () => {
    for (const header of [undefined, 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b']) {
      const req = request(app.getHttpServer()).get('/ops/prices');
      const response = await (header === undefined ? req : req.set('Authorization', header));
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="park"');
      expect(response.body).toEqual(UNAUTHENTICATED_BODY);
    }
  });

  it('refuses an invalid token with the same body and an invalid_token challenge', async () => {
    const invalid = [
      await signRaw({ park_role: 'operator-admin' }, { expiresIn: -3600 }),
      await signRaw({ park_role: 'operator-admin' }, { secret: 'not-the-park-secret-but-32-bytes-long!' }),
      await signRaw({ park_role: 'tenant-admin' }),
      'not.a.jwt',
    ];
    for (const token of invalid) {
      const response = await request(app.getHttpServer()).get('/ops/prices').set('Authorization', `Bearer ${token}`);
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="park", error="invalid_token"');
      expect(response.body).toEqual(UNAUTHENTICATED_BODY);
    }
  });
});

describe('AuthGuard failure modes', () => {
  it('answers 503 when the issuer keys cannot be fetched', async () => {
    const app = await createGuardedApp({
      settings: {
        mode: 'production',
        issuer: 'http://127.0.0.1:9',
        audience: 'park-api',
        jwksUrl: 'http://127.0.0.1:9/jwks.json',
      },
      checkRoutesAtBoot: false,
    });
    try {
      const key = await makeSigningKey('k', 'RS256');
      const { SignJWT } = await import('jose');
      const token = await new SignJWT({ park_role: 'operator-admin' })
        .setProtectedHeader({ alg: 'RS256', kid: 'k' })
        .setIssuer('http://127.0.0.1:9')
        .setAudience('park-api')
        .setSubject('x')
        .setExpirationTime('5m')
        .sign(key.privateKey);
      const response = await request(app.getHttpServer()).get('/ops/prices').set('Authorization', `Bearer ${token}`);
      expect(response.status).toBe(503);
      expect(response.body).toEqual(AUTH_UNAVAILABLE_BODY);
    } finally {
      await app.close();
    }
  });

  it('fails closed with a generic 500 when a resolver throws', async () => {
    const app = await createGuardedApp({
      settings: localSettings(),
      resolvers: {
        programme: () => {
          throw new Error(`database says: programme P-OTHER belongs to ${IDS.bureau.other}`);
        },
      },
      checkRoutesAtBoot: false,
    });
    try {
      const token = await createLocalTokenMinter(localSettings()).mint({
        subject: 'a',
        role: 'bureau-auditor',
        bureauId: IDS.bureau.own,
      });
      const response = await request(app.getHttpServer())
        .get('/programmes/P-OTHER')
        .set('Authorization', `Bearer ${token}`);
      expect(response.status).toBe(500);
      expect(response.text).not.toContain(IDS.bureau.other);
    } finally {
      await app.close();
    }
  });
});

describe('route checks at boot', () => {
  async function bootProblems(
    options: Parameters<typeof createGuardedApp>[0],
    controllers = GUARDED_CONTROLLERS,
  ): Promise<readonly string[]> {
    const outcome = await createGuardedApp(options, controllers).then(
      async (app) => {
        await app.close();
        return null;
      },
      (error: unknown) => error,
    );
    if (!(outcome instanceof PolicyDeclarationError))
      throw new Error(`expected PolicyDeclarationError, got ${String(outcome)}`);
    return outcome.problems;
  }

  it('refuses to boot with an undeclared route or an unregistered resolver, listing each', async () => {
    expect(await bootProblems({ settings: localSettings() })).toEqual([
      'GET /forgotten (ForgottenController.forgotten): no @Allow or @Public, so every call is refused',
      "GET /programmes/:programmeId (ProgrammeController.programme): resolver 'programme' is not registered in " +
        'AuthModule options',
    ]);
  });

  it('boots when every route is declared and every resolver registered', async () => {
    const declared = GUARDED_CONTROLLERS.filter((c) => c !== ForgottenController);
    const app = await createGuardedApp(
      { settings: localSettings(), resolvers: { programme: programmeResolver } },
      declared,
    );
    await app.close();
  });
});
