import { createHash } from 'node:crypto';
import type { AuditEvent, UnhashedAuditEvent } from './audit-event.types';
import { canonicalJson } from './canonical-json.encoder';

/** prevHash of the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256, hex, of the canonical JSON of a value (before/after digests, evidence manifests). */
export function digest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}

/** Exactly the hashed fields, whatever else a stored row carries (ids, created_at, …). */
export function hashedFields(event: UnhashedAuditEvent, prevHash: string): Omit<AuditEvent, 'hash'> {
  return {
    seq: event.seq,
    at: event.at,
    actor: event.actor,
    role: event.role,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    beforeDigest: event.beforeDigest,
    afterDigest: event.afterDigest,
    payload: event.payload,
    prevHash,
  };
}

/**
 * The hash of an event: SHA-256 hex of the canonical JSON of its eleven fields other than `hash`
 * (seq, at, actor, role, action, entityType, entityId, beforeDigest, afterDigest, payload, prevHash).
 */
export function chainHash(prevHash: string, event: UnhashedAuditEvent): string {
  return digest(hashedFields(event, prevHash));
}
