import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export interface SigningKey {
  kid: string;
  alg: 'RS256' | 'EdDSA' | 'ES256';
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function makeSigningKey(kid: string, alg: SigningKey['alg']): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export interface SignOptions {
  issuer?: string;
  audience?: string;
  kid?: string;
  /** jose's duration, e.g. '2h'. Default '5m'. */
  expiresIn?: string;
}

/** A tiny OIDC issuer on 127.0.0.1: discovery document and JWKS over real HTTP, with knobs for failure. */
export interface TestIssuer {
  issuer: string;
  jwksUrl: string;
  /** Requests served on the JWKS path so far. */
  jwksHits(): number;
  publish(keys: SigningKey[]): void;
  /** 'ok', or answer the JWKS path with HTTP 500, or with something that is not a key set. */
  setJwksBehaviour(behaviour: 'ok' | 'error' | 'garbage'): void;
  /** The issuer the discovery document claims (defaults to the real one). */
  setDiscoveredIssuer(issuer: string): void;
  sign(key: SigningKey, claims: Record<string, unknown>, options?: SignOptions): Promise<string>;
  close(): Promise<void>;
}

/** `port`: listen on this one (to bring an issuer back after close()); default a free one. */
export async function startTestIssuer(audience: string, port = 0): Promise<TestIssuer> {
  let keys: SigningKey[] = [];
  let hits = 0;
  let behaviour: 'ok' | 'error' | 'garbage' = 'ok';
  let discoveredIssuer: string | null = null;
  const server: Server = createServer((request, response) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.url === '/.well-known/openid-configuration') {
      send(200, { issuer: discoveredIssuer ?? base, jwks_uri: `${base}/jwks.json` });
    } else if (request.url === '/jwks.json') {
      hits += 1;
      if (behaviour === 'error') send(500, { error: 'boom' });
      else if (behaviour === 'garbage') send(200, { not: 'a key set' });
      else send(200, { keys: keys.map((k) => k.publicJwk) });
    } else {
      send(404, {});
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    jwksUrl: `${issuer}/jwks.json`,
    jwksHits: () => hits,
    publish: (next) => {
      keys = next;
    },
    setJwksBehaviour: (next) => {
      behaviour = next;
    },
    setDiscoveredIssuer: (next) => {
      discoveredIssuer = next;
    },
    sign: (key, claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: key.alg, kid: options.kid ?? key.kid, typ: 'JWT' })
        .setIssuer(options.issuer ?? issuer)
        .setAudience(options.audience ?? audience)
        .setSubject('oidc-user-1')
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '5m')
        .sign(key.privateKey),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
