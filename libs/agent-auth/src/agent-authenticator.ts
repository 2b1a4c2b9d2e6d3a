import { createPublicKey, type KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { AGENT_HEADERS, AGENT_KEY_ID, verifyRequestSignature } from './agent-signature';

export interface StoredAgentKey {
  keyId: string;
  clusterId: string;
  publicKeyPem: string;
  retiredAt: Date | null;
}

export interface AgentKeyDirectory {
  findKey(keyId: string): Promise<StoredAgentKey | null>;
}

export interface NonceStore {
  /** True the first time a nonce is seen within ttlMs; false for a replay. */
  claim(clusterId: string, nonce: string, ttlMs: number): Promise<boolean>;
}

export type AgentAuthFailureCode =
  | 'MISSING_SIGNATURE'
  | 'BAD_TIMESTAMP'
  | 'STALE_REQUEST'
  | 'BAD_NONCE'
  | 'UNKNOWN_KEY'
  | 'KEY_RETIRED'
  | 'CLUSTER_MISMATCH'
  | 'BAD_SIGNATURE'
  | 'REPLAYED_REQUEST';

export type AgentAuthFailure = { ok: false; code: AgentAuthFailureCode; message: string };

export type AgentAuthResult = { ok: true; clusterId: string; keyId: string } | AgentAuthFailure;

export interface AgentRequest {
  method: string;
  path: string;
  body: Buffer;
  header(name: string): string | undefined;
}

export interface AgentAuthOptions {
  /** How far a request's timestamp may be from the gateway's clock. */
  replayWindowMs: number;
  now?: () => number;
}

const NONCE = /^[A-Za-z0-9_-]{16,64}$/;
/** As clusters are registered (ClusterAdminService). */
const CLUSTER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** Base64 of a 64-byte Ed25519 signature. */
const SIGNATURE = /^[A-Za-z0-9+/]{86}==$/;

/**
 * Checks a signed agent request: fresh timestamp, known and unretired key of the named cluster, valid
 * Ed25519 signature over the exact bytes received, and a nonce not seen within the replay window.
 * Everything that needs no I/O is checked first (headers present and well-formed, timestamp in the window), so a
 * made-up request costs no database look-up. The nonce is claimed last, so a forged request cannot burn a real
 * agent's nonce.
 */
export class AgentAuthenticator {
  /** Parsed public keys of keys that exist (only a found key gets here), bounded all the same. */
  private readonly keys = new LRUCache<string, KeyObject>({ max: 10_000 });

  constructor(
    private readonly directory: AgentKeyDirectory,
    private readonly nonces: NonceStore,
    private readonly options: AgentAuthOptions,
  ) {}

  /**
   * Everything that can be checked before the body is read: the headers, then the key (look-up). A request that
   * fails here is refused without its body being read or parsed; `authenticate` repeats these checks anyway.
   */
  async screen(header: AgentRequest['header']): Promise<AgentAuthFailure | undefined> {
    const checked = await this.headersAndKey(header);
    return checked.ok ? undefined : checked;
  }

  async authenticate(req: AgentRequest): Promise<AgentAuthResult> {
    const checked = await this.headersAndKey(req.header);
    if (!checked.ok) return checked;
    const { parts, signature, stored } = checked;
    const signed = { ...parts, method: req.method, path: req.path, body: req.body };
    if (!verifyRequestSignature(this.publicKey(stored), signed, signature)) {
      const covered = 'method, path, body, timestamp, nonce, cluster, key';
      return fail('BAD_SIGNATURE', `signature does not match the request (${covered})`);
    }
    if (!(await this.nonces.claim(parts.clusterId, parts.nonce, this.options.replayWindowMs * 2))) {
      return fail('REPLAYED_REQUEST', `nonce ${parts.nonce} was already used: a request is accepted once`);
    }
    return { ok: true, clusterId: parts.clusterId, keyId: parts.keyId };
  }

  /** Cheapest first: headers present and well-formed, timestamp in the window; only then the key's look-up. */
  private async headersAndKey(header: AgentRequest['header']): Promise<CheckedHeaders | AgentAuthFailure> {
    const clusterId = header(AGENT_HEADERS.cluster);
    const keyId = header(AGENT_HEADERS.keyId);
    const timestamp = header(AGENT_HEADERS.timestamp);
    const nonce = header(AGENT_HEADERS.nonce);
    const signature = header(AGENT_HEADERS.signature);
    if (!clusterId || !keyId || !timestamp || !nonce || !signature) {
      const given = { clusterId, keyId, timestamp, nonce, signature };
      const missing = Object.entries(given)
        .filter(([, v]) => !v)
        .map(([k]) => headerOf(k));
      return fail('MISSING_SIGNATURE', `signed request headers missing: ${missing.join(', ')}`);
    }
    if (!/^\d{13}$/.test(timestamp)) {
      return fail('BAD_TIMESTAMP', `${AGENT_HEADERS.timestamp} must be milliseconds since the epoch (13 digits)`);
    }
    const now = this.options.now?.() ?? Date.now();
    const skew = Math.abs(now - Number(timestamp));
    if (skew > this.options.replayWindowMs) {
      const window = this.options.replayWindowMs / 1000;
      const off = Math.round(skew / 1000);
      return fail('STALE_REQUEST', `request timestamp is ${off} s from the gateway's clock; the window is ${window} s`);
    }
    if (!NONCE.test(nonce)) {
      return fail('BAD_NONCE', `${AGENT_HEADERS.nonce} must be 16–64 characters of [A-Za-z0-9_-]`);
    }
    if (!AGENT_KEY_ID.test(keyId)) {
      return fail('UNKNOWN_KEY', `${AGENT_HEADERS.keyId} is not an agent key id (ak_ and 24 hex digits)`);
    }
    if (!CLUSTER_ID.test(clusterId)) return fail('CLUSTER_MISMATCH', `${AGENT_HEADERS.cluster} is not a cluster id`);
    if (!SIGNATURE.test(signature)) {
      return fail('BAD_SIGNATURE', `${AGENT_HEADERS.signature} must be the base64 of a 64-byte Ed25519 signature`);
    }

    const stored = await this.directory.findKey(keyId);
    if (!stored) return fail('UNKNOWN_KEY', `no agent key ${keyId}`);
    if (stored.clusterId !== clusterId) {
      return fail('CLUSTER_MISMATCH', `key ${keyId} does not belong to cluster ${clusterId}`);
    }
    if (stored.retiredAt && stored.retiredAt.getTime() <= now) {
      return fail('KEY_RETIRED', `key ${keyId} was retired; use the cluster's current key`);
    }
    return { ok: true, parts: { timestamp, nonce, clusterId, keyId }, signature, stored };
  }

  private publicKey(stored: StoredAgentKey): KeyObject {
    let key = this.keys.get(stored.keyId);
    if (!key) {
      key = createPublicKey(stored.publicKeyPem);
      this.keys.set(stored.keyId, key);
    }
    return key;
  }
}

interface CheckedHeaders {
  ok: true;
  parts: { timestamp: string; nonce: string; clusterId: string; keyId: string };
  signature: string;
  stored: StoredAgentKey;
}

function fail(code: AgentAuthFailureCode, message: string): AgentAuthFailure {
  return { ok: false, code, message };
}

function headerOf(field: string): string {
  const map: Record<string, string> = {
    clusterId: AGENT_HEADERS.cluster,
    keyId: AGENT_HEADERS.keyId,
    timestamp: AGENT_HEADERS.timestamp,
    nonce: AGENT_HEADERS.nonce,
    signature: AGENT_HEADERS.signature,
  };
  return map[field] ?? field;
}
