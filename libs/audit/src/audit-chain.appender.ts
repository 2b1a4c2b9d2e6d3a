import { AuditInputError, CanonicalJsonError } from './audit.errors';
import type { AuditEvent, AuditEventInput, ChainAnchor, UnhashedAuditEvent } from './audit-event.types';
import { chainHash, digest, GENESIS_HASH } from './audit-chain.hasher';
import { canonicalJson, type JsonValue } from './canonical-json.encoder';

const ACTION = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
const SEQ = /^[1-9][0-9]*$/;
const HEX64 = /^[0-9a-f]{64}$/;
const MAX_TEXT = 200;

function isoInstant(at: Date | string): string | null {
  const date = typeof at === 'string' ? new Date(at) : at;
  return date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

function digestOrProblem(name: string, value: unknown, problems: string[]): string | null {
  if (value === undefined || value === null) return null;
  try {
    return digest(value);
  } catch (error) {
    if (error instanceof CanonicalJsonError) {
      problems.push(`${name}${error.path.slice(1)}: ${error.problem}`);
      return null;
    }
    throw error;
  }
}

/**
 * An event whose place in the chain (seq, prevHash) is not known yet: everything else, checked, and the text around
 * those two in the canonical JSON its hash is taken of, so the hash can be finished where the head is read:
 * `hash = SHA-256(hashText.beforePrevHash ‖ prevHash ‖ hashText.beforeSeq ‖ seq ‖ hashText.end)` (UTF-8, hex).
 * prevHash, role and seq are the last keys in canonical order, so the three pieces are exact (audit-chain.spec.ts
 * checks them against chainHash).
 */
export interface PendingEvent {
  readonly body: Omit<UnhashedAuditEvent, 'seq'>;
  readonly hashText: { readonly beforePrevHash: string; readonly beforeSeq: string; readonly end: string };
}

/** Checks and digests an event to append. Throws AuditInputError listing every problem of the input. */
export function pendingEvent(input: AuditEventInput): PendingEvent {
  return checkedPending(input, null);
}

function checkedPending(input: AuditEventInput, prev: ChainAnchor | null): PendingEvent {
  const problems: string[] = [];
  for (const name of ['actor', 'role', 'entityType', 'entityId'] as const) {
    const value: unknown = input[name];
    if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT) {
      problems.push(`${name}: a non-empty string of at most ${MAX_TEXT} characters`);
    }
  }
  if (typeof input.action !== 'string' || !ACTION.test(input.action)) {
    problems.push('action: `<entity>.<verb>` in lower case, e.g. grant.issue');
  }
  const at = isoInstant(input.at);
  if (at === null) problems.push('at: a valid instant');
  if (prev !== null && (!SEQ.test(prev.seq) || !HEX64.test(prev.hash)))
    problems.push('prev: not a stored event (seq / hash)');
  const beforeDigest = digestOrProblem('before', input.before, problems);
  const afterDigest = digestOrProblem('after', input.after, problems);
  const payload = input.payload === undefined ? {} : input.payload;
  let payloadJson = '{}';
  try {
    payloadJson = canonicalJson(payload);
  } catch (error) {
    if (!(error instanceof CanonicalJsonError)) throw error;
    problems.push(`payload${error.path.slice(1)}: ${error.problem}`);
  }
  if (problems.length > 0) throw new AuditInputError(problems);

  const body = {
    at: at as string,
    actor: input.actor,
    role: input.role,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    beforeDigest,
    afterDigest,
    // A deep copy through its canonical form: later changes to the caller's object cannot alter the event.
    payload: JSON.parse(payloadJson) as JsonValue,
  };
  const { role, ...sortedBeforePrevHash } = body;
  const start = canonicalJson(sortedBeforePrevHash);
  const hashText = {
    beforePrevHash: `${start.slice(0, -1)},"prevHash":"`,
    beforeSeq: `","role":${canonicalJson(role)},"seq":"`,
    end: '"}',
  };
  return { body, hashText };
}

/**
 * The event that follows `prev` (the previous event, or just the head's seq and hash; null: the first event).
 * Pure: numbering, digests, link and hash. The caller stores it in the same transaction as the change it
 * records, under the head lock (libs/audit/README.md). Throws AuditInputError listing every problem of the input.
 */
export function appendEvent(prev: ChainAnchor | null, input: AuditEventInput): AuditEvent {
  const { body } = checkedPending(input, prev);
  const event = { seq: prev === null ? '1' : (BigInt(prev.seq) + 1n).toString(), ...body };
  const prevHash = prev === null ? GENESIS_HASH : prev.hash;
  return { ...event, prevHash, hash: chainHash(prevHash, event) };
}
