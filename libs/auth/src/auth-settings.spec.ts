jest.mock('jose', () =>
  jest.requireActual<typeof import('./testing/native-jose')>('./testing/native-jose').nativeJose(),
);

import { AuthSettingsError, LocalKeyInProductionError } from './auth.errors';
import type { AuthSettings } from './auth-settings.types';
import { demoUsers, mintDemoTokens } from './demo-users.fixtures';
import { createLocalTokenMinter, generateLocalKeyPair } from './local-token.minter';
import { localSettings, TEST_SECRET } from './testing/auth.fixtures';
import { createTokenVerifier } from './token.verifier';

const production: AuthSettings = {
  mode: 'production',
  issuer: 'https://id.park.example/realms/park',
  audience: 'park-api',
  jwksUrl: 'https://id.park.example/realms/park/protocol/openid-connect/certs',
};

function problemsOf(build: () => unknown): readonly string[] {
  try {
    build();
  } catch (error) {
    if (error instanceof AuthSettingsError) return error.problems;
    throw error;
  }
  throw new Error('expected AuthSettingsError');
}

describe('production mode', () => {
  it('refuses to mint local tokens, whatever else the settings hold', () => {
    expect(() => createLocalTokenMinter(production)).toThrow(LocalKeyInProductionError);
    expect(() => createLocalTokenMinter({ ...production, localSecret: TEST_SECRET })).toThrow(
      LocalKeyInProductionError,
    );
  });

  it('refuses a local signing key for verification', () => {
    expect(() => createTokenVerifier({ ...production, localSecret: TEST_SECRET })).toThrow(LocalKeyInProductionError);
    expect(() => createTokenVerifier({ ...production, localKeyPair: generateLocalKeyPair() })).toThrow(
      LocalKeyInProductionError,
    );
  });

  it('refuses demo tokens (they are minted locally)', async () => {
    await expect(async () =>
      mintDemoTokens(createLocalTokenMinter(production), { tenantId: 'T', bureauId: 'B', clusterId: 'C' }),
    ).rejects.toThrow(LocalKeyInProductionError);
  });

  it('builds a verifier from issuer, audience and JWKS URL', () => {
    expect(createTokenVerifier(production).mode).toBe('production');
    expect(createTokenVerifier({ ...production, jwksUrl: undefined }).mode).toBe('production');
  });

  it('refuses key URLs over plain http except on a loopback host, and symmetric algorithms', () => {
    expect(
      problemsOf(() =>
        createTokenVerifier({
          ...production,
          issuer: 'http://id.park.example',
          jwksUrl: 'http://id.park.example/certs',
          algorithms: ['HS256', 'RS256'],
        }),
      ),
    ).toEqual([
      'issuer: production needs the OIDC issuer URL (https, or http on a loopback host)',
      'jwksUrl: must be an https URL (http only on a loopback host)',
      'algorithms: production accepts asymmetric algorithms only (no HS*, no none)',
    ]);
    expect(
      createTokenVerifier({ ...production, issuer: 'http://127.0.0.1:8080', jwksUrl: 'http://127.0.0.1:8080/certs' })
        .mode,
    ).toBe('production');
  });
});

describe('settings validation', () => {
  it('reports every problem at once', () => {
    expect(
      problemsOf(() =>
        createTokenVerifier({
          mode: 'local',
          issuer: '',
          audience: '',
          localSecret: 'short',
          clockToleranceSeconds: -1,
        }),
      ),
    ).toEqual([
      'issuer: required',
      'audience: required',
      'localSecret: at least 32 bytes',
      'clockToleranceSeconds: an integer from 0 to 300',
    ]);
  });

  it('needs exactly one local key in local mode', () => {
    expect(problemsOf(() => createTokenVerifier(localSettings({ localSecret: undefined })))).toEqual([
      'localSecret or localKeyPair: local mode needs a signing key',
    ]);
    expect(problemsOf(() => createTokenVerifier(localSettings({ localKeyPair: generateLocalKeyPair() })))).toEqual([
      'localSecret / localKeyPair: give one, not both',
    ]);
  });

  it('refuses a JWKS URL in local mode and claim names that collide', () => {
    expect(
      problemsOf(() =>
        createTokenVerifier(localSettings({ jwksUrl: 'https://x/certs', claimNames: { tenant: 'park_role' } })),
      ),
    ).toEqual([
      'jwksUrl: only used in production mode; local mode verifies with the local key',
      'claimNames: each claim needs its own name',
    ]);
  });
});

describe('demo users', () => {
  it('mints one verifiable token per role, scoped to the seeded ids', async () => {
    const scope = { tenantId: 'T-DEMO', bureauId: 'B-DEMO', clusterId: 'C-DEMO' };
    const tokens = await mintDemoTokens(createLocalTokenMinter(localSettings()), scope);
    const verifier = createTokenVerifier(localSettings());
    const users = demoUsers(scope);
    for (const [role, token] of Object.entries(tokens)) {
      await expect(verifier.verify(token)).resolves.toEqual(users[role as keyof typeof users]);
    }
  });
});
