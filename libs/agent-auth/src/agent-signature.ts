import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

/**
 * How a cluster agent signs a request. Ed25519 over a canonical string of method, path, body digest, timestamp,
 * nonce, cluster and key id. Chosen over HMAC because HMAC would need the gateway to keep every agent's secret:
 * here the database holds only public keys and their SHA-256 fingerprints, so a database leak forges nothing.
 */
export const SIGNATURE_SCHEME = 'PARK-ED25519-V1';

export const AGENT_HEADERS = {
  cluster: 'x-park-cluster',
  keyId: 'x-park-key-id',
  timestamp: 'x-park-timestamp',
  nonce: 'x-park-nonce',
  signature: 'x-park-signature',
} as const;

export interface SignedParts {
  method: string;
  /**
   * Path without host, with query string if any; for gRPC the full method path
   * (/park.ingest.v1.IngestService/PushUsage).
   */
  path: string;
  body: Buffer;
  /** Milliseconds since the epoch, as sent in x-park-timestamp. */
  timestamp: string;
  nonce: string;
  clusterId: string;
  keyId: string;
}

export function bodyDigest(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

export function canonicalString(p: Omit<SignedParts, 'body'> & { bodySha256: string }): string {
  return [
    SIGNATURE_SCHEME,
    p.method.toUpperCase(),
    p.path,
    p.bodySha256,
    p.timestamp,
    p.nonce,
    p.clusterId,
    p.keyId,
  ].join('\n');
}

export function signRequest(privateKey: KeyObject | string, parts: SignedParts): string {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  return sign(null, Buffer.from(canonicalString({ ...parts, bodySha256: bodyDigest(parts.body) })), key).toString(
    'base64',
  );
}

export function verifyRequestSignature(publicKey: KeyObject, parts: SignedParts, signature: string): boolean {
  let bytes: Buffer;
  try {
    bytes = Buffer.from(signature, 'base64');
  } catch {
    return false;
  }
  if (bytes.length !== 64) return false;
  return verify(null, Buffer.from(canonicalString({ ...parts, bodySha256: bodyDigest(parts.body) })), publicKey, bytes);
}

/** Headers an agent sends with a signed request. */
export function signedHeaders(
  privateKey: KeyObject | string,
  parts: Omit<SignedParts, 'timestamp' | 'nonce'> & { now?: number; nonce?: string },
): Record<string, string> {
  const timestamp = String(parts.now ?? Date.now());
  const nonce =
    parts.nonce ?? createHash('sha256').update(`${Math.random()}${process.hrtime.bigint()}`).digest('hex').slice(0, 32);
  const signature = signRequest(privateKey, { ...parts, timestamp, nonce });
  return {
    [AGENT_HEADERS.cluster]: parts.clusterId,
    [AGENT_HEADERS.keyId]: parts.keyId,
    [AGENT_HEADERS.timestamp]: timestamp,
    [AGENT_HEADERS.nonce]: nonce,
    [AGENT_HEADERS.signature]: signature,
  };
}

/** Key ids as the park makes them: `ak_` and the first 24 hex digits of the key's fingerprint. */
export const AGENT_KEY_ID = /^ak_[0-9a-f]{24}$/;

export interface AgentCredential {
  /** Public identifier of the key: derived from its fingerprint. */
  keyId: string;
  /** SHA-256 of the public key (DER), hex. */
  fingerprint: string;
  publicKeyPem: string;
  /** Handed to the cluster's administrator once; never stored by the park. */
  privateKeyPem: string;
}

export function generateAgentCredential(): AgentCredential {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const fingerprint = publicKeyFingerprint(publicKey);
  return {
    keyId: `ak_${fingerprint.slice(0, 24)}`,
    fingerprint,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

export function publicKeyFingerprint(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  return createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}
