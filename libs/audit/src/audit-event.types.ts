import type { JsonValue } from './canonical-json.encoder';

/**
 * One row of the audit log. `hash` = SHA-256 (hex) of the canonical JSON of every other field (audit-chain.hasher.ts);
 * `prevHash` is the previous event's hash, GENESIS_HASH for seq 1. Digests are SHA-256 hex of canonical JSON.
 */
export interface AuditEvent {
  /** 1, 2, 3, … without gaps; a bigint in storage, a decimal string here. */
  seq: string;
  /** ISO 8601 UTC with milliseconds, as Date#toISOString() writes it. */
  at: string;
  /** Principal subject, or a named system actor (e.g. `system:period-close`). */
  actor: string;
  role: string;
  /** `<entity>.<verb>`, e.g. `grant.issue`, `statement.issue`, `claim.submit`. */
  action: string;
  entityType: string;
  entityId: string;
  /** digest() of the entity before the change; null when it is created. */
  beforeDigest: string | null;
  /** digest() of the entity after the change; null when it is removed. */
  afterDigest: string | null;
  payload: JsonValue;
  prevHash: string;
  hash: string;
}

/** An event before it is hashed and linked. */
export type UnhashedAuditEvent = Omit<AuditEvent, 'hash' | 'prevHash'>;

/** What the caller knows about a change; appendEvent() numbers, digests, links and hashes it. */
export interface AuditEventInput {
  at: Date | string;
  actor: string;
  role: string;
  action: string;
  entityType: string;
  entityId: string;
  /** The entity before the change (any canonical-JSON value); omitted or null when created. */
  before?: unknown;
  /** The entity after the change; omitted or null when removed. */
  after?: unknown;
  /** What changed and why, e.g. `{ amount: '120000.00', reason: '…' }`. Defaults to `{}`. */
  payload?: unknown;
}

/** A point of the chain known from elsewhere (a published head, the row before a page). */
export interface ChainAnchor {
  seq: string;
  hash: string;
}

export type ChainFault =
  'hash mismatch' | 'broken link' | 'sequence gap' | 'out of order' | 'malformed' | 'truncated' | 'anchor mismatch';

export interface ChainIntact {
  ok: true;
  /** Events checked. */
  count: number;
  /** The last event checked (publish it: it is the anchor for the next verification); null for an empty chain. */
  head: ChainAnchor | null;
}

export interface ChainBroken {
  ok: false;
  /** The chain is intact up to firstBadSeq − 1; this is the seq at which it first stops being what was written. */
  firstBadSeq: string;
  reason: ChainFault;
  detail: string;
  /** Events found intact before the fault. */
  count: number;
}

export type ChainVerification = ChainIntact | ChainBroken;
