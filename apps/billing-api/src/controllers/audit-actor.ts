import type { Principal } from '@park/auth';
import type { AuditActor } from '@park/audit-store';

/** Who did it, for the audit chain: the authenticated principal of the request. */
export const actorOf = (me: Principal): AuditActor => ({ subject: me.subject, role: me.role });
