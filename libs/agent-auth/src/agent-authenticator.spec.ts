import { AgentAuthenticator, type NonceStore, type StoredAgentKey } from './agent-authenticator';
import { generateAgentCredential, signedHeaders } from './agent-signature';

// The nonce store here is a plain in-memory implementation of the interface (the Redis one is covered by the
// gateway's integration tests); the key directory is a map. Neither stands in for a real dependency's behaviour.
class MemoryNonces implements NonceStore {
  private readonly seen = new Set<string>();
  async claim(clusterId: string, nonce: string): Promise<boolean> {
    const key = `${clusterId}:${nonce}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);

function setup(retiredAt: Date | null = null) {
  const cred = generateAgentCredential();
  const keys = new Map<string, StoredAgentKey>([
    [cred.keyId, { keyId: cred.keyId, clusterId: 'gpu-a', publicKeyPem: cred.publicKeyPem, retiredAt }],
  ]);
  const auth = new AgentAuthenticator({ findKey: async (id) => keys.get(id) ?? null }, new MemoryNonces(), {
    replayWindowMs: 300_000,
    now: () => NOW,
  });
  const body = Buffer.from('{"records":[]}');
  const headers = signedHeaders(cred.privateKeyPem, {
    method: 'POST',
    path: '/v1/usage/batches',
    body,
    clusterId: 'gpu-a',
    keyId: cred.keyId,
    now: NOW,
  });
  const request = (h: Record<string, string> = headers, b: Buffer = body, path = '/v1/usage/batches') => ({
    method: 'POST',
    path,
    body: b,
    header: (n: string) => h[n],
  });
  return { cred, auth, headers, request };
}

describe('AgentAuthenticator', () => {
  it('accepts a correctly signed request once, and refuses its replay', async () => {
    const { auth, request } = setup();
    expect(await auth.authenticate(request())).toMatchObject({ ok: true, clusterId: 'gpu-a' });
    expect(await auth.authenticate(request())).toMatchObject({ ok: false, code: 'REPLAYED_REQUEST' });
  });

  it('refuses a changed body, path or header', async () => {
    const { auth, request, headers } = setup();
    expect(await auth.authenticate(request(headers, Buffer.from('{"records":[1]}')))).toMatchObject({
      code: 'BAD_SIGNATURE',
    });
    expect(await auth.authenticate(request(headers, undefined, '/v1/manifests'))).toMatchObject({
      code: 'BAD_SIGNATURE',
    });
    expect(await auth.authenticate(request({ ...headers, 'x-park-nonce': 'aaaaaaaaaaaaaaaaaaaa' }))).toMatchObject({
      code: 'BAD_SIGNATURE',
    });
  });

  it('names missing headers, stale timestamps, unknown and retired keys, and a key of another cluster', async () => {
    const { auth, request, headers } = setup();
    const { ['x-park-signature']: _omit, ...unsigned } = headers;
    expect(await auth.authenticate(request(unsigned))).toMatchObject({
      code: 'MISSING_SIGNATURE',
      message: expect.stringContaining('x-park-signature'),
    });
    expect(await auth.authenticate(request({ ...headers, 'x-park-timestamp': String(NOW - 600_000) }))).toMatchObject({
      code: 'STALE_REQUEST',
    });
    expect(await auth.authenticate(request({ ...headers, 'x-park-timestamp': 'yesterday' }))).toMatchObject({
      code: 'BAD_TIMESTAMP',
    });
    expect(await auth.authenticate(request({ ...headers, 'x-park-key-id': 'ak_nope' }))).toMatchObject({
      code: 'UNKNOWN_KEY',
    });
    expect(await auth.authenticate(request({ ...headers, 'x-park-cluster': 'gpu-b' }))).toMatchObject({
      code: 'CLUSTER_MISMATCH',
    });
    const retired = setup(new Date(NOW - 1));
    expect(await retired.auth.authenticate(retired.request())).toMatchObject({ code: 'KEY_RETIRED' });
  });

  it('refuses malformed key ids, cluster ids and signatures before any key look-up', async () => {
    const { cred, headers, request } = setup();
    const lookedUp: string[] = [];
    const directory = { findKey: async (id: string) => (lookedUp.push(id), null) };
    const auth = new AgentAuthenticator(directory, new MemoryNonces(), { replayWindowMs: 300_000, now: () => NOW });
    const refusals: [Record<string, string>, string][] = [
      [{ 'x-park-key-id': 'k'.repeat(8_000) }, 'UNKNOWN_KEY'],
      [{ 'x-park-key-id': `${cred.keyId}0` }, 'UNKNOWN_KEY'],
      [{ 'x-park-cluster': 'gpu a\u0000' }, 'CLUSTER_MISMATCH'],
      [{ 'x-park-signature': 'c2lnbmF0dXJl' }, 'BAD_SIGNATURE'],
      [{ 'x-park-timestamp': String(NOW - 600_000) }, 'STALE_REQUEST'],
    ];
    for (const [changed, code] of refusals) {
      expect(await auth.authenticate(request({ ...headers, ...changed }))).toMatchObject({ ok: false, code });
    }
    expect(lookedUp).toEqual([]);
    // a well-formed one is looked up
    expect(await auth.authenticate(request())).toMatchObject({ code: 'UNKNOWN_KEY' });
    expect(lookedUp).toEqual([cred.keyId]);
  });
});
