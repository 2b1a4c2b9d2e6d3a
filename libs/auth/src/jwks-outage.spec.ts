jest.mock('jose', () =>
  jest.requireActual<typeof import('./testing/native-jose')>('./testing/native-jose').nativeJose(),
);

import { AuthUnavailableError, InvalidTokenError } from './auth.errors';
import type { AuthSettings } from './auth-settings.types';
import { makeSigningKey, startTestIssuer, type SigningKey, type TestIssuer } from './testing/oidc-issuer.server';
import { createTokenVerifier, type TokenVerifier } from './token.verifier';

const AUDIENCE = 'park-api';
const viewer = { park_role: 'tenant-viewer', park_tenant: 'T-7' };

async function outcome(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'ok',
    (error: unknown) => {
      if (error instanceof InvalidTokenError) return `invalid:${error.reason}`;
      if (error instanceof AuthUnavailableError) return 'unavailable';
      throw error;
    },
  );
}

/**
 * Issue 11 item 5: in production, with the OIDC issuer down, one request naming an unknown `kid` used to empty
 * the verifier's key cache, and every user got 503 until the issuer came back. A real issuer over HTTP, stopped
 * mid-test (its port closed), and a pinned clock to step past the cache's refresh age.
 */
describe.each([
  ['a configured JWKS URL', false],
  ['OIDC discovery', true],
])('token verification while the OIDC issuer is down (%s)', (_, discovery) => {
  let idp: TestIssuer;
  let key: SigningKey;
  let clock: number;
  let refreshFailures: number;
  let verifier: TokenVerifier;

  beforeEach(async () => {
    idp = await startTestIssuer(AUDIENCE);
    key = await makeSigningKey('rsa-live', 'RS256');
    idp.publish([key]);
    clock = Date.now();
    refreshFailures = 0;
    const settings: AuthSettings = {
      mode: 'production',
      issuer: idp.issuer,
      audience: AUDIENCE,
      ...(discovery ? {} : { jwksUrl: idp.jwksUrl }),
      jwks: { timeoutMs: 1_000, cooldownMs: 30_000, cacheMaxAgeMs: 600_000, staleMaxAgeMs: 3_600_000 },
    };
    verifier = createTokenVerifier(settings, {
      now: () => new Date(clock),
      onKeyRefreshFailed: () => {
        refreshFailures += 1;
      },
    });
  });
  afterEach(() => idp.close().catch(() => undefined));

  it('keeps valid tokens working through a flood of unknown key ids, within the stale limit', async () => {
    const valid = await idp.sign(key, viewer, { expiresIn: '2h' });
    expect(await outcome(verifier.verify(valid))).toBe('ok');
    await idp.close();

    const forger = await makeSigningKey('x', 'RS256');
    const flood = await Promise.all(
      Array.from({ length: 500 }, (_, i) => idp.sign(forger, viewer, { kid: `unknown-${i}` })),
    );
    const floodAnswers = await Promise.all(flood.map((token) => outcome(verifier.verify(token))));
    // one refresh was tried for the whole flood (503 for the tokens that waited on it, 401 for the rest)
    expect(floodAnswers.every((a) => a === 'unavailable' || a === 'invalid:unknown-key')).toBe(true);
    expect(refreshFailures).toBe(1);
    expect(await outcome(verifier.verify(valid))).toBe('ok');

    // past the refresh age (10 min): refreshes are tried in the background and fail; the last good set still serves
    clock += 20 * 60_000;
    for (let i = 0; i < 50; i += 1) expect(await outcome(verifier.verify(valid))).toBe('ok');
    await idp
      .sign(forger, viewer, { kid: 'later' })
      .then((t) => verifier.verify(t))
      .catch(() => undefined);
    expect(await outcome(verifier.verify(valid))).toBe('ok');
    expect(refreshFailures).toBe(2);

    // past the stale limit (1 h): the set is too old to trust, 503 until the issuer is back
    clock += 45 * 60_000;
    expect(await outcome(verifier.verify(valid))).toBe('unavailable');
  });

  it('takes the issuer back when it returns, and picks up a rotated key', async () => {
    const valid = await idp.sign(key, viewer, { expiresIn: '2h' });
    expect(await outcome(verifier.verify(valid))).toBe('ok');
    const port = new URL(idp.issuer).port;
    await idp.close();
    clock += 20 * 60_000;
    expect(await outcome(verifier.verify(valid))).toBe('ok');

    idp = await startTestIssuer(AUDIENCE, Number(port));
    const rotated = await makeSigningKey('rsa-next', 'RS256');
    idp.publish([key, rotated]);
    clock += 31_000; // past the cool-down that followed the failed refresh
    expect(await outcome(verifier.verify(await idp.sign(rotated, viewer, { expiresIn: '2h' })))).toBe('ok');
    expect(idp.jwksHits()).toBeGreaterThanOrEqual(1);
  });
});
