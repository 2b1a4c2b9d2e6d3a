jest.mock('jose', () =>
  jest.requireActual<typeof import('./testing/native-jose')>('./testing/native-jose').nativeJose(),
);

import { SignJWT, UnsecuredJWT } from 'jose';
import { InvalidTokenError, type InvalidTokenReason } from './auth.errors';
import { demoUsers } from './demo-users.fixtures';
import { createLocalTokenMinter, generateLocalKeyPair } from './local-token.minter';
import { ROLES } from './principal.types';
import { localSettings, payloadOf, signRaw, TEST_AUDIENCE, TEST_ISSUER, withPayload } from './testing/auth.fixtures';
import { createTokenVerifier } from './token.verifier';

const scope = { tenantId: 'T-1', bureauId: 'B-1', clusterId: 'C-1' };
const users = demoUsers(scope);

async function refusal(promise: Promise<unknown>): Promise<InvalidTokenReason> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof InvalidTokenError)) throw new Error(`expected InvalidTokenError, got ${String(error)}`);
  return error.reason;
}

describe('token verification with a local HS256 key', () => {
  const verifier = createTokenVerifier(localSettings());
  const minter = createLocalTokenMinter(localSettings());

  it.each(ROLES)('round-trips a minted %s token into the same principal', async (role) => {
    const token = await minter.mint(users[role]);
    await expect(verifier.verify(token)).resolves.toEqual(users[role]);
  });

  it('puts the standard claims on a minted token', async () => {
    const claims = payloadOf(await minter.mint(users['tenant-viewer'], { ttlSeconds: 120 }));
    expect(claims).toMatchObject({
      iss: TEST_ISSUER,
      aud: TEST_AUDIENCE,
      sub: users['tenant-viewer'].subject,
      park_role: 'tenant-viewer',
      park_tenant: 'T-1',
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(120);
    expect(typeof claims.jti).toBe('string');
  });

  it('refuses an expired token, and accepts one inside the clock tolerance', async () => {
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    expect(
      await refusal(verifier.verify(await minter.mint(users['operator-admin'], { now: twoHoursAgo, ttlSeconds: 60 }))),
    ).toBe('expired');
    const justExpired = await minter.mint(users['operator-admin'], {
      now: new Date(Date.now() - 70_000),
      ttlSeconds: 60,
    });
    await expect(verifier.verify(justExpired)).resolves.toMatchObject({ role: 'operator-admin' });
  });

  it('judges time by the pinned clock when one is given', async () => {
    const token = await minter.mint(users['operator-admin'], { ttlSeconds: 60 });
    const later = createTokenVerifier(localSettings(), { now: () => new Date(Date.now() + 3600_000) });
    expect(await refusal(later.verify(token))).toBe('expired');
  });

  it('refuses a token that is not valid yet', async () => {
    expect(await refusal(verifier.verify(await signRaw({ park_role: 'operator-admin' }, { notBefore: 600 })))).toBe(
      'not-yet-valid',
    );
  });

  it('refuses a token living longer than the maximum lifetime (12 h by default), or without iat', async () => {
    const admin = { park_role: 'operator-admin' };
    const tenYears = await signRaw(admin, { expiresIn: 10 * 365 * 86_400 });
    expect(await refusal(verifier.verify(tenYears))).toBe('lifetime-too-long');
    const twelveHours = await signRaw(admin, { expiresIn: 12 * 3600 });
    await expect(verifier.verify(twelveHours)).resolves.toMatchObject({ role: 'operator-admin' });
    expect(await refusal(verifier.verify(await signRaw(admin, { issuedAt: null })))).toBe('missing-claim');
    const shortLived = createTokenVerifier(localSettings({ maxTokenLifetimeSeconds: 600, localTokenTtlSeconds: 300 }));
    expect(await refusal(shortLived.verify(await signRaw(admin, { expiresIn: 601 })))).toBe('lifetime-too-long');
  });

  it('refuses a token issued in the future beyond the clock tolerance', async () => {
    const admin = { park_role: 'operator-admin' };
    const aYearAhead = 365 * 86_400;
    const nextYear = await signRaw(admin, { issuedAt: aYearAhead, expiresIn: aYearAhead + 600 });
    expect(await refusal(verifier.verify(nextYear))).toBe('issued-in-future');
    expect(await refusal(verifier.verify(await signRaw(admin, { issuedAt: 120 })))).toBe('issued-in-future');
    const withinTolerance = await signRaw(admin, { issuedAt: 20 });
    await expect(verifier.verify(withinTolerance)).resolves.toMatchObject({ role: 'operator-admin' });
  });

  it('refuses a token from another issuer or for another audience', async () => {
    const otherIssuer = createLocalTokenMinter(localSettings({ issuer: 'someone-else' }));
    const otherAudience = createLocalTokenMinter(localSettings({ audience: 'another-api' }));
    expect(await refusal(verifier.verify(await otherIssuer.mint(users['operator-admin'])))).toBe('wrong-issuer');
    expect(await refusal(verifier.verify(await otherAudience.mint(users['operator-admin'])))).toBe('wrong-audience');
  });

  it('refuses a token whose claims were changed after signing', async () => {
    const token = await minter.mint(users['tenant-viewer']);
    const promoted = withPayload(token, { ...payloadOf(token), park_role: 'operator-admin' });
    const otherTenant = withPayload(token, { ...payloadOf(token), park_tenant: 'T-2' });
    expect(await refusal(verifier.verify(promoted))).toBe('bad-signature');
    expect(await refusal(verifier.verify(otherTenant))).toBe('bad-signature');
  });

  it('refuses a changed signature and a token signed with another secret', async () => {
    const token = await minter.mint(users['operator-admin']);
    const [h, p, s] = token.split('.');
    const flipped = `${h}.${p}.${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`;
    expect(await refusal(verifier.verify(flipped))).toBe('bad-signature');
    const forged = await signRaw({ park_role: 'operator-admin' }, { secret: 'another-secret-of-at-least-32-bytes!!' });
    expect(await refusal(verifier.verify(forged))).toBe('bad-signature');
  });

  it('refuses an unsecured (alg none) token', async () => {
    const unsecured = new UnsecuredJWT({ park_role: 'operator-admin' })
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE)
      .setSubject('x')
      .setExpirationTime('1h')
      .encode();
    expect(['algorithm-not-allowed', 'malformed']).toContain(await refusal(verifier.verify(unsecured)));
  });

  it.each([
    ['no sub', { park_role: 'operator-admin' }, { subject: null }, 'missing-claim'],
    ['no exp', { park_role: 'operator-admin' }, { expiresIn: null }, 'missing-claim'],
    ['no role', {}, {}, 'missing-claim'],
    ['an unknown role', { park_role: 'superuser' }, {}, 'invalid-claim'],
    ['a role that is not a string', { park_role: ['operator-admin'] }, {}, 'invalid-claim'],
    ['a tenant role without its tenant', { park_role: 'tenant-admin' }, {}, 'missing-claim'],
    ['a bureau auditor without its bureau', { park_role: 'bureau-auditor', park_tenant: 'T-1' }, {}, 'missing-claim'],
    ['a cluster agent without its cluster', { park_role: 'cluster-agent' }, {}, 'missing-claim'],
    ['a tenant id that is not an id', { park_role: 'tenant-viewer', park_tenant: 'T 1; drop' }, {}, 'invalid-claim'],
  ] as const)('refuses a token with %s', async (_label, claims, options, reason) => {
    expect(await refusal(verifier.verify(await signRaw(claims, options)))).toBe(reason);
  });

  it('keeps only the scope claim of the role', async () => {
    const token = await signRaw({ park_role: 'operator-finance', park_tenant: 'T-9', park_bureau: 'B-9', name: 'Li' });
    await expect(verifier.verify(token)).resolves.toEqual({ subject: 'user-1', role: 'operator-finance', name: 'Li' });
  });

  it.each(['', 'abc', 'a.b.c', 'x'.repeat(9000)])('refuses garbage %#', async (garbage) => {
    expect(await refusal(verifier.verify(garbage))).toBe('malformed');
  });

  it('reads renamed claims', async () => {
    const names = { role: 'https://park.example/role', tenant: 'https://park.example/tenant' };
    const renamed = createTokenVerifier(localSettings({ claimNames: names }));
    const token = await signRaw({ 'https://park.example/role': 'tenant-admin', 'https://park.example/tenant': 'T-7' });
    await expect(renamed.verify(token)).resolves.toEqual({ subject: 'user-1', role: 'tenant-admin', tenantId: 'T-7' });
    const minted = await createLocalTokenMinter(localSettings({ claimNames: names })).mint(users['tenant-admin']);
    await expect(renamed.verify(minted)).resolves.toEqual(users['tenant-admin']);
  });
});

describe('token verification with a local Ed25519 key pair', () => {
  const pair = generateLocalKeyPair();
  const settings = localSettings({ localSecret: undefined, localKeyPair: pair });
  const verifier = createTokenVerifier(settings);

  it('verifies what the minter signs', async () => {
    const token = await createLocalTokenMinter(settings).mint(users['bureau-auditor']);
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toMatchObject({ alg: 'EdDSA' });
    await expect(verifier.verify(token)).resolves.toEqual(users['bureau-auditor']);
  });

  it('refuses a token signed with another key pair', async () => {
    const other = createLocalTokenMinter(
      localSettings({ localSecret: undefined, localKeyPair: generateLocalKeyPair() }),
    );
    expect(await refusal(verifier.verify(await other.mint(users['operator-admin'])))).toBe('bad-signature');
  });

  it('refuses an HS256 token, even one keyed with the public key (algorithm confusion)', async () => {
    const confused = await new SignJWT({ park_role: 'operator-admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE)
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(pair.publicKeyPem));
    expect(await refusal(verifier.verify(confused))).toBe('algorithm-not-allowed');
  });
});
