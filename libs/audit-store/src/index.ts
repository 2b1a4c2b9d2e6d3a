export { SYSTEM_ACTOR, actorOf, type AuditActor } from './audit-actor';
export { pgAuditSql, prismaAuditSql, type AuditSql } from './audit-sql';
export {
  appendAuditEvent,
  readAuditEvents,
  readBureauAuditEvents,
  verifyAuditChain,
  MAX_PAGE,
  type AuditChange,
} from './audit-events.repository';
export { auditAppendCtes } from './audit-append.cte';
export { AuditStore } from './audit-store';
export { AuditStoreModule } from './audit-store.module';
export { toAuditJson } from './audit-json';
