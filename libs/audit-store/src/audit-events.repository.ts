import {
  appendEvent,
  createChainVerifier,
  type AuditEvent,
  type AuditEventInput,
  type ChainVerification,
  type VerifyOptions,
} from '@park/audit';
import { SYSTEM_ACTOR, type AuditActor } from './audit-actor';
import { toAuditJson } from './audit-json';
import type { AuditSql } from './audit-sql';

/** A change to record: what the caller knows. The event is numbered, digested, linked and hashed on append. */
export interface AuditChange {
  /** Defaults to SYSTEM_ACTOR. */
  readonly actor?: AuditActor;
  /** `<entity>.<verb>`: `grant.issue`, `statement.issue`, `cluster.key.issue` … */
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  /** The entity before the change (canonical-JSON values only: money as decimal strings); omitted on create. */
  readonly before?: unknown;
  /** The entity after the change; omitted on removal. */
  readonly after?: unknown;
  /** What changed and why. */
  readonly payload?: unknown;
  /** Defaults to now. */
  readonly at?: Date;
}

export const MAX_PAGE = 1000;

const COLUMNS = `seq::text AS seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, actor, role,
  action,
  entity_type AS "entityType", entity_id AS "entityId", before_digest::text AS "beforeDigest", after_digest::text AS
    "afterDigest",
  payload, prev_hash::text AS "prevHash", hash::text AS hash`;

/** What the audit lib checks and hashes, from a change as callers describe it (defaults applied, values as JSON). */
export function eventInputOf(change: AuditChange): AuditEventInput {
  const actor = change.actor ?? SYSTEM_ACTOR;
  return {
    at: change.at ?? new Date(),
    actor: actor.subject,
    role: actor.role,
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    before: toAuditJson(change.before ?? null),
    after: toAuditJson(change.after ?? null),
    payload: toAuditJson(change.payload ?? {}),
  };
}

/**
 * Appends one event on `sql`, which must be inside the transaction of the change it records (a rolled-back change
 * leaves no event). Locks the head row first, so concurrent appenders, in any process, queue and form one chain;
 * the lock is held until the caller's transaction ends, so append last in the transaction (after its other locks:
 * one lock order, no deadlock). The insert trigger checks the link and moves the head. Values go through toAuditJson.
 */
export async function appendAuditEvent(sql: AuditSql, change: AuditChange): Promise<AuditEvent> {
  const [head] = await sql.query<{ seq: string; hash: string }>(
    `SELECT seq::text AS seq, hash::text AS hash FROM audit_head WHERE id = 1 FOR UPDATE`,
    [],
  );
  if (!head) throw new Error('audit_head has no row: is the audit_log migration applied?');
  const event = appendEvent(head.seq === '0' ? null : head, eventInputOf(change));
  await sql.query(
    `INSERT INTO audit_events (seq, at, actor, role, action, entity_type, entity_id, before_digest, after_digest,
      payload, prev_hash, hash)
     VALUES ($1::bigint, $2::timestamptz, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12)`,
    [
      event.seq,
      event.at,
      event.actor,
      event.role,
      event.action,
      event.entityType,
      event.entityId,
      event.beforeDigest,
      event.afterDigest,
      JSON.stringify(event.payload),
      event.prevHash,
      event.hash,
    ],
  );
  return event;
}

/** A page's cursor and size, defaulted and checked: a bad one is refused, never clamped. */
function checkedPage(page: { after?: string; limit?: number }): { after: string; limit: number } {
  const after = page.after ?? '0';
  if (!/^(0|[1-9][0-9]*)$/.test(after))
    throw new RangeError(`after must be a decimal seq, not ${JSON.stringify(after)}`);
  const limit = page.limit ?? MAX_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
    throw new RangeError(`limit must be an integer from 1 to ${MAX_PAGE}`);
  return { after, limit };
}

/** Events with seq > after, in seq order (ordered by the bigint column, never a text alias), at most `limit`. */
export async function readAuditEvents(
  sql: AuditSql,
  page: { after?: string; limit?: number } = {},
): Promise<AuditEvent[]> {
  const { after, limit } = checkedPage(page);
  return sql.query<AuditEvent>(
    `SELECT ${COLUMNS} FROM audit_events WHERE audit_events.seq > $1::bigint ORDER BY audit_events.seq LIMIT $2::int`,
    [after, limit],
  );
}

/**
 * The events a bureau's auditor reads (DESIGN §8: only what concerns the programmes its bureau issued): the bureau
 * itself, its programmes, the grants of its programmes (issue, suspend, revoke, clawback), and its claims. Each
 * event comes whole, with its hash and prevHash, so the auditor can recompute the hash of every event it is shown;
 * the chain around them is checked by `verifyAuditChain`.
 */
export async function readBureauAuditEvents(
  sql: AuditSql,
  bureauId: string,
  page: { after?: string; limit?: number } = {},
): Promise<AuditEvent[]> {
  const { after, limit } = checkedPage(page);
  return sql.query<AuditEvent>(
    `SELECT ${COLUMNS} FROM audit_events WHERE audit_events.seq > $1::bigint AND (
       (entity_type = 'bureau' AND entity_id = $3)
       OR (entity_type = 'programme' AND entity_id IN (SELECT id FROM programmes WHERE bureau_id = $3))
       OR (entity_type = 'grant' AND entity_id IN (SELECT g.id FROM grants g JOIN programmes p ON p.id = g.programme_id
         WHERE p.bureau_id = $3))
       OR (entity_type = 'claim' AND entity_id IN (SELECT id FROM claims WHERE bureau_id = $3)))
     ORDER BY audit_events.seq LIMIT $2::int`,
    [after, limit, bureauId],
  );
}

/** Verifies the whole chain page by page; `firstBadSeq` names the first event that is not what was written. */
export async function verifyAuditChain(sql: AuditSql, options: VerifyOptions = {}): Promise<ChainVerification> {
  const verifier = createChainVerifier(options);
  let after = options.from?.seq ?? '0';
  for (;;) {
    const events = await readAuditEvents(sql, { after, limit: MAX_PAGE });
    for (const event of events) if (verifier.push(event)) return verifier.result();
    if (events.length < MAX_PAGE) return verifier.result();
    after = events[events.length - 1].seq;
  }
}
