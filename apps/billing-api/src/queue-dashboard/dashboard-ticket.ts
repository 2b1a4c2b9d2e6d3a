import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isRole, type Role } from '@park/auth';

/** How long a dashboard session lasts: long enough to look into a failure, short enough to leak little. */
export const DASHBOARD_TICKET_TTL_SECONDS = 15 * 60;

export interface DashboardHolder {
  readonly subject: string;
  readonly role: Role;
}

const encode = (bytes: Buffer) => bytes.toString('base64url');

/**
 * Tickets that let a browser into /admin/queues (its pages and their API calls cannot carry a bearer token): a
 * subject, a role and an expiry, signed with HMAC-SHA256 under a key made when the process starts. So a ticket is
 * good on the process that issued it only, for DASHBOARD_TICKET_TTL_SECONDS, and a restart ends every session.
 */
export class DashboardTickets {
  private readonly key = randomBytes(32);

  issue(holder: DashboardHolder, now = Date.now()): { ticket: string; expiresAt: Date } {
    const exp = Math.floor(now / 1000) + DASHBOARD_TICKET_TTL_SECONDS;
    const payload = encode(Buffer.from(JSON.stringify({ sub: holder.subject, role: holder.role, exp })));
    return { ticket: `${payload}.${this.sign(payload)}`, expiresAt: new Date(exp * 1000) };
  }

  /** The holder of a good, unexpired ticket; null for anything else. */
  verify(ticket: string, now = Date.now()): DashboardHolder | null {
    const [payload, signature, extra] = ticket.split('.');
    if (!payload || !signature || extra !== undefined) return null;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
      const { sub, role, exp } = claims;
      if (typeof sub !== 'string' || !isRole(role) || typeof exp !== 'number') return null;
      return exp * 1000 > now ? { subject: sub, role } : null;
    } catch {
      return null;
    }
  }

  private sign(payload: string): string {
    return encode(createHmac('sha256', this.key).update(payload).digest());
  }
}
