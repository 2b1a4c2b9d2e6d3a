import { pendingEvent } from '@park/audit';
import { eventInputOf, type AuditChange } from './audit-events.repository';

/**
 * appendAuditEvent as two CTEs (`audit_head_row`, `audit_event`) of the statement that makes a change's last writes,
 * so a hot transaction (a statement issue) holds the head lock for one round trip less: the head row is locked,
 * the hash finished in SQL from its seq and hash (pendingEvent's text pieces, SHA-256 of UTF-8), the event
 * inserted; the insert trigger checks the link and moves the head as it does for appendAuditEvent.
 * `after`: a CTE of the same statement that returns a row and must take its locks first (the head is the last lock
 * a transaction takes: one lock order, no deadlock). The head is read behind a one-time filter on `after`, so it is
 * locked only once `after` has run. Parameters are numbered from `firstParam`.
 */
export function auditAppendCtes(
  change: AuditChange,
  p: { firstParam: number; after: string },
): { sql: string; params: unknown[] } {
  const { body, hashText } = pendingEvent(eventInputOf(change));
  const $ = (i: number) => `$${p.firstParam + i}`;
  const sql = `audit_head_row AS (SELECT seq, hash::text AS hash FROM audit_head
                                   WHERE id = 1 AND EXISTS (SELECT 1 FROM ${p.after}) FOR UPDATE),
       audit_event AS (INSERT INTO audit_events (seq, at, actor, role, action, entity_type, entity_id, before_digest,
                                                 after_digest, payload, prev_hash, hash)
                       SELECT h.seq + 1, ${$(0)}::timestamptz, ${$(1)}, ${$(2)}, ${$(3)}, ${$(4)}, ${$(5)}, ${$(6)},
                              ${$(7)}, ${$(8)}::jsonb, h.hash,
                              encode(sha256(convert_to(${$(9)} || h.hash || ${$(10)} || (h.seq + 1)::text || ${$(11)},
                                                       'UTF8')), 'hex')
                         FROM audit_head_row h
                       RETURNING seq)`;
  const params = [
    body.at,
    body.actor,
    body.role,
    body.action,
    body.entityType,
    body.entityId,
    body.beforeDigest,
    body.afterDigest,
    JSON.stringify(body.payload),
    hashText.beforePrevHash,
    hashText.beforeSeq,
    hashText.end,
  ];
  return { sql, params };
}
