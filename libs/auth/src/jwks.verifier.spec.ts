jest.mock('jose', () =>
  jest.requireActual<typeof import('./testing/native-jose')>('./testing/native-jose').nativeJose(),
);

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { AuthUnavailableError, InvalidTokenError, type InvalidTokenReason } from './auth.errors';
import type { AuthSettings } from './auth-settings.types';
import { makeSigningKey, startTestIssuer, type SigningKey, type TestIssuer } from './testing/oidc-issuer.server';
import { createTokenVerifier } from './token.verifier';

const AUDIENCE = 'park-api';
const tenantAdmin = { park_role: 'tenant-admin', park_tenant: 'T-42', name: '张三' };

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error,
  );
}

async function reason(promise: Promise<unknown>): Promise<InvalidTokenReason> {
  const error = await failure(promise);
  if (!(error instanceof InvalidTokenError)) throw new Error(`expected InvalidTokenError, got ${String(error)}`);
  return error.reason;
}

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('token verification against an OIDC issuer JWKS over HTTP', () => {
  let idp: TestIssuer;
  let rsa: SigningKey;
  let ed: SigningKey;
  let settings: AuthSettings;

  beforeAll(async () => {
    idp = await startTestIssuer(AUDIENCE);
    rsa = await makeSigningKey('rsa-1', 'RS256');
    ed = await makeSigningKey('ed-1', 'EdDSA');
    idp.publish([rsa, ed]);
    settings = {
      mode: 'production',
      issuer: idp.issuer,
      audience: AUDIENCE,
      jwksUrl: idp.jwksUrl,
      jwks: { cooldownMs: 0 },
    };
  });
  afterAll(() => idp.close());
  beforeEach(() => {
    idp.setJwksBehaviour('ok');
    idp.publish([rsa, ed]);
    idp.setDiscoveredIssuer(idp.issuer);
  });

  it('verifies RS256 and EdDSA tokens and maps the park claims to a principal', async () => {
    const verifier = createTokenVerifier(settings);
    const expected = { subject: 'oidc-user-1', role: 'tenant-admin', tenantId: 'T-42', name: '张三' };
    await expect(verifier.verify(await idp.sign(rsa, tenantAdmin))).resolves.toEqual(expected);
    await expect(verifier.verify(await idp.sign(ed, tenantAdmin))).resolves.toEqual(expected);
  });

  it('fetches the key set once and serves later tokens from its cache', async () => {
    const verifier = createTokenVerifier(settings);
    const before = idp.jwksHits();
    for (let i = 0; i < 5; i += 1) await verifier.verify(await idp.sign(rsa, tenantAdmin));
    expect(idp.jwksHits() - before).toBe(1);
  });

  it('refuses a token naming a key the issuer does not publish', async () => {
    const stranger = await makeSigningKey('not-published', 'RS256');
    expect(await reason(createTokenVerifier(settings).verify(await idp.sign(stranger, tenantAdmin)))).toBe(
      'unknown-key',
    );
  });

  it('refuses a token signed by another key under a published kid', async () => {
    const impostor = await makeSigningKey('rsa-1', 'RS256');
    expect(await reason(createTokenVerifier(settings).verify(await idp.sign(impostor, tenantAdmin)))).toBe(
      'bad-signature',
    );
  });

  it('refuses a token from another issuer or for another audience', async () => {
    const verifier = createTokenVerifier(settings);
    expect(await reason(verifier.verify(await idp.sign(rsa, tenantAdmin, { issuer: 'https://evil.example' })))).toBe(
      'wrong-issuer',
    );
    expect(await reason(verifier.verify(await idp.sign(rsa, tenantAdmin, { audience: 'billing-admin-ui' })))).toBe(
      'wrong-audience',
    );
  });

  it('refuses an HS256 token (no shared secrets in production)', async () => {
    const hs = await new SignJWT(tenantAdmin)
      .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
      .setIssuer(idp.issuer)
      .setAudience(AUDIENCE)
      .setSubject('x')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('x'.repeat(32)));
    expect(await reason(createTokenVerifier(settings).verify(hs))).toBe('algorithm-not-allowed');
  });

  it('refuses a verified token without the park claims', async () => {
    expect(await reason(createTokenVerifier(settings).verify(await idp.sign(rsa, { name: 'no role' })))).toBe(
      'missing-claim',
    );
  });

  it('follows a key rotation: a token under a new kid refetches the key set', async () => {
    const verifier = createTokenVerifier(settings);
    await verifier.verify(await idp.sign(rsa, tenantAdmin));
    const rotated = await makeSigningKey('rsa-2', 'RS256');
    idp.publish([rotated]);
    await expect(verifier.verify(await idp.sign(rotated, tenantAdmin))).resolves.toMatchObject({ tenantId: 'T-42' });
  });

  it('answers "unavailable", not "invalid token", when the key set cannot be had', async () => {
    const token = await idp.sign(rsa, tenantAdmin);
    idp.setJwksBehaviour('error');
    expect(await failure(createTokenVerifier(settings).verify(token))).toBeInstanceOf(AuthUnavailableError);
    idp.setJwksBehaviour('garbage');
    expect(await failure(createTokenVerifier(settings).verify(token))).toBeInstanceOf(AuthUnavailableError);
    const down = { ...settings, jwksUrl: `http://127.0.0.1:${await closedPort()}/jwks.json` };
    expect(await failure(createTokenVerifier(down).verify(token))).toBeInstanceOf(AuthUnavailableError);
  });

  it('does not accept a token that names an unknown key while the issuer is down (503 for that token)', async () => {
    const verifier = createTokenVerifier(settings);
    await verifier.verify(await idp.sign(rsa, tenantAdmin));
    idp.setJwksBehaviour('error');
    const stranger = await makeSigningKey('rotated-in', 'RS256');
    expect(await failure(verifier.verify(await idp.sign(stranger, tenantAdmin)))).toBeInstanceOf(AuthUnavailableError);
    await expect(verifier.verify(await idp.sign(rsa, tenantAdmin))).resolves.toMatchObject({ tenantId: 'T-42' });
  });

  it('finds the JWKS through OIDC discovery when no jwksUrl is configured', async () => {
    const verifier = createTokenVerifier({ ...settings, jwksUrl: undefined });
    await expect(verifier.verify(await idp.sign(ed, tenantAdmin))).resolves.toMatchObject({ role: 'tenant-admin' });
  });

  it('refuses a discovery document that names another issuer, and retries discovery later', async () => {
    const verifier = createTokenVerifier({ ...settings, jwksUrl: undefined });
    const token = await idp.sign(rsa, tenantAdmin);
    idp.setDiscoveredIssuer('https://evil.example');
    expect(await failure(verifier.verify(token))).toBeInstanceOf(AuthUnavailableError);
    idp.setDiscoveredIssuer(idp.issuer);
    await expect(verifier.verify(token)).resolves.toMatchObject({ tenantId: 'T-42' });
  });
});
