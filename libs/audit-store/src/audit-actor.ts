/**
 * Who made a change, as the audit log records it. Services take an optional `actor` and default to SYSTEM_ACTOR.
 * When access control is wired, controllers pass the authenticated principal: `{ subject: principal.subject,
 * role: principal.role }` (from `@CurrentPrincipal()` of @park/auth) as the service method's last argument.
 */
export interface AuditActor {
  readonly subject: string;
  readonly role: string;
}

/** The actor of changes made without an authenticated caller (seeds, jobs, tests, calls not yet wired to auth). */
export const SYSTEM_ACTOR: AuditActor = Object.freeze({ subject: 'system', role: 'system' });
