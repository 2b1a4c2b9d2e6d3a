/**
 * Who made a change, as the audit log records it. Services take an optional `actor` and default to SYSTEM_ACTOR;
 * controllers pass `actorOf(principal)` (the `@CurrentPrincipal()` of @park/auth) as the last argument.
 */
export interface AuditActor {
  readonly subject: string;
  readonly role: string;
}

/** The actor of changes made without an authenticated caller (seeds, jobs, tests, calls not yet wired to auth). */
export const SYSTEM_ACTOR: AuditActor = Object.freeze({ subject: 'system', role: 'system' });

/** The audit actor of an authenticated caller: its subject and role (any principal of @park/auth fits). */
export function actorOf(principal: { readonly subject: string; readonly role: string }): AuditActor {
  return { subject: principal.subject, role: principal.role };
}
